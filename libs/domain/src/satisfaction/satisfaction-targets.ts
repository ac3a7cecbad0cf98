import type { SatisfactionTarget } from './satisfaction-figures';
import { isMapping } from '../common/config-values';

/** The bank's quarterly satisfaction targets: one for every branch, and branches that differ. */
export type SatisfactionTargets = Readonly<{
  default: SatisfactionTarget;
  branches: Readonly<Record<string, SatisfactionTarget>>;
}>;

/** The branch's target: its own where the file gives one, else the bank's. */
export const targetOf = (targets: SatisfactionTargets, branchId: string): SatisfactionTarget =>
  Object.hasOwn(targets.branches, branchId) ? targets.branches[branchId] : targets.default;

/** What runs without a file: the shipped config/satisfaction-targets.yaml's default. */
export const DEFAULT_SATISFACTION_TARGETS: SatisfactionTargets = { default: { nps: 30, csat: 80 }, branches: {} };

/**
 * A targets file that cannot be used, with every problem at once so an operator fixes it in one
 * pass; raised at boot, never while a process runs (an Error, not a DomainError).
 */
export class SatisfactionTargetsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid satisfaction targets: ${problems.join('; ')}`);
    this.name = 'SatisfactionTargetsError';
  }
}

/** Branch ids as the API takes them (a path's `:id`). */
const BRANCH_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_BRANCHES = 10_000;
const BOUNDS: Readonly<Record<keyof SatisfactionTarget, readonly [number, number]>> = {
  nps: [-100, 100],
  csat: [0, 100],
};

const unknownKeys = (raw: Readonly<Record<string, unknown>>, known: readonly string[], at: string): string[] =>
  Object.keys(raw)
    .filter((key) => !known.includes(key))
    .map((key) => `${at}${key.slice(0, 40)}: unknown key (use ${known.join(', ')})`);

/** One target; `fallback` fills the measures a branch leaves out (none for the default). */
const targetAt = (
  raw: unknown,
  at: string,
  problems: string[],
  fallback: SatisfactionTarget | null,
): SatisfactionTarget | null => {
  if (!isMapping(raw)) {
    problems.push(`${at}: must be a mapping of nps and csat`);
    return null;
  }
  const before = problems.length;
  problems.push(...unknownKeys(raw, ['nps', 'csat'], `${at}.`));
  const measure = (name: keyof SatisfactionTarget): number => {
    const value = raw[name];
    if (value === undefined && fallback !== null) return fallback[name];
    const [min, max] = BOUNDS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${at}.${name}: must be a whole number from ${min} to ${max}`);
    }
    return value as number;
  };
  const target = { nps: measure('nps'), csat: measure('csat') };
  return problems.length === before ? target : null;
};

/**
 * The targets `raw` (a parsed config/satisfaction-targets.yaml) describes, or a
 * SatisfactionTargetsError listing every problem:
 *
 *   default: { nps: 30, csat: 80 }
 *   branches:
 *     BR-SH-001: { nps: 40 }        # csat: the default's
 */
export const parseSatisfactionTargets = (raw: unknown): SatisfactionTargets => {
  if (!isMapping(raw)) throw new SatisfactionTargetsError(['must be a mapping with `default` and `branches`']);
  const problems = unknownKeys(raw, ['default', 'branches'], '');
  const fallback = targetAt(raw.default, 'default', problems, null);
  const branches: Record<string, SatisfactionTarget> = {};
  const listed = raw.branches ?? {};
  if (!isMapping(listed)) problems.push('branches: must be a mapping of branch ids to targets');
  else {
    const ids = Object.keys(listed);
    if (ids.length > MAX_BRANCHES) problems.push(`branches: at most ${MAX_BRANCHES}`);
    for (const id of ids.slice(0, MAX_BRANCHES)) {
      if (!BRANCH_ID.test(id)) problems.push(`branches.${id.slice(0, 40)}: not a branch id (letters, digits, _ . -)`);
      const target = targetAt(
        listed[id],
        `branches.${id.slice(0, 40)}`,
        problems,
        fallback ?? DEFAULT_SATISFACTION_TARGETS.default,
      );
      if (target !== null) branches[id] = target;
    }
  }
  if (problems.length > 0 || fallback === null) throw new SatisfactionTargetsError(problems);
  return { default: fallback, branches };
};
