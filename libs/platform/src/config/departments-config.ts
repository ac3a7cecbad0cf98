import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** Where this deployment's departments are configured. */
export type DepartmentsConfig = Readonly<{
  /**
   * DEPARTMENTS_FILE: the departments file (YAML), resolved from the working directory; default
   * config/departments.yaml. Read and checked at boot by the API (loadDepartmentsFile).
   */
  departmentsFile: string;
}>;

export const DEFAULT_DEPARTMENTS_FILE = 'config/departments.yaml';

export const loadDepartmentsConfig = (env: NodeJS.ProcessEnv = process.env): DepartmentsConfig => ({
  departmentsFile: resolve(env.DEPARTMENTS_FILE || DEFAULT_DEPARTMENTS_FILE),
});

/** A departments file the process cannot run with; the message names the file and every problem. */
export class DepartmentsFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid departments file ${path} (DEPARTMENTS_FILE): ${problems.join('; ')}`);
    this.name = 'DepartmentsFileError';
  }
}

/** What a validator throws for a file it refuses: every problem at once (the domain's DepartmentsConfigError). */
const problemsOf = (error: unknown): readonly string[] | null => {
  const problems = (error as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) && problems.every((problem) => typeof problem === 'string') ? problems : null;
};

/**
 * Reads the departments file at `path` and hands it to `validate` (the domain's parseDepartments;
 * platform and domain are both base libs and import neither the other, so the rules come in as a function).
 * A file that cannot be read, is not YAML or fails validation throws DepartmentsFileError.
 */
export const loadDepartmentsFile = <T>(path: string, validate: (raw: unknown) => T): T => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DepartmentsFileError(path, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new DepartmentsFileError(path, [
      `is not YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'parse error'}`,
    ]);
  }
  try {
    return validate(raw);
  } catch (error) {
    const problems = problemsOf(error);
    if (problems !== null) throw new DepartmentsFileError(path, problems);
    throw error;
  }
};
