import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { scratchDir, startApiProcess, type ApiProcess } from '@crm/testing';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

const ERROR_BODY = '#/components/schemas/ApiErrorBodyDto';
const WRITE_BODY = '#/components/schemas/WriteResponseDto';
/** A credit change held for approval (maker–checker) answers 202 with this instead. */
const HELD_BODY = '#/components/schemas/CreditChangeHeld';
/** Writes whose answer is not a command's `{ id, revision, position }`. */
const OWN_ANSWER = new Set([
  'post /v1/dev/tokens',
  'delete /v1/clients/{id}/personal-data',
  'post /v1/batches',
  'post /v1/managers/{id}/handover',
  'post /v1/managers/{id}/departure',
]);
/** Terminus answers an unready API with its own health body, which probes read, not the error body. */
const HEALTH = new Set(['get /health/ready', 'get /health/live']);

/**
 * The verdict of @seriousme/openapi-schema-validator, a validator independent of the library that
 * wrote the document. It is an ES module, which Jest's CommonJS runtime cannot load, so it runs in
 * a child Node process that reads the document on stdin.
 */
const validatorVerdict = (document: unknown): { valid: boolean; errors?: unknown } => {
  const script = [
    "import { Validator } from '@seriousme/openapi-schema-validator';",
    "let text = ''; for await (const chunk of process.stdin) text += chunk;",
    'const result = await new Validator().validate(JSON.parse(text));',
    'process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors }));',
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  return JSON.parse(output) as { valid: boolean; errors?: unknown };
};

const schemaOf = (response: Operation['responses'][string]): string | undefined =>
  response.content?.['application/json']?.schema?.$ref;

/**
 * The OpenAPI document is the API's description for the bank's other teams: every operation has
 * a summary, every error status it lists carries the one error body, and every command documents
 * If-Match, Idempotency-Key, its `{ id, revision, position }` answer and the errors a write can meet.
 */
describe('the OpenAPI document', () => {
  const dir = scratchDir('crm-openapi');
  let api: ApiProcess | null = null;
  let operations: [string, Operation][] = [];
  let document: Document;

  beforeAll(async () => {
    api = await startApiProcess({ SQLITE_PATH: join(dir.path, 'crm.sqlite') });
    document = (await (await fetch(`${api.base}/docs-json`)).json()) as Document;
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]): [string, Operation] => [`${method} ${path}`, operation]),
    );
  });

  afterAll(async () => {
    await api?.stop();
    dir.cleanup();
  });

  it('is a valid OpenAPI document by an independent validator', () => {
    const verdict = validatorVerdict(document);
    // The errors in the failure message say where the document breaks the OpenAPI schema.
    expect({ valid: verdict.valid, errors: verdict.valid ? undefined : verdict.errors }).toEqual({
      valid: true,
      errors: undefined,
    });
  });

  it('gives every operation a summary and a description', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.filter(([, operation]) => !operation.summary?.trim()).map(([name]) => name)).toEqual([]);
    expect(operations.filter(([, operation]) => !operation.description?.trim()).map(([name]) => name)).toEqual([]);
  });

  it('gives every success answer a body schema (a 204 has no body)', () => {
    const wrong = operations.flatMap(([name, operation]) => {
      const success = Object.entries(operation.responses).filter(([status]) => Number(status) < 300);
      const missing = success
        .filter(([status]) => status !== '204')
        .filter(([, response]) => {
          const media = Object.values(response.content ?? {});
          return media.length === 0 || media.some((type) => type.schema === undefined);
        })
        .map(([status]) => `${name} ${status}`);
      return success.length === 0 ? [`${name}: no success answer`] : missing;
    });
    expect(wrong).toEqual([]);
  });

  it('describes every error status with the shared error body', () => {
    const wrong = operations.flatMap(([name, operation]) =>
      HEALTH.has(name)
        ? []
        : Object.entries(operation.responses)
            .filter(([status, response]) => Number(status) >= 400 && schemaOf(response) !== ERROR_BODY)
            .map(([status]) => `${name} ${status}`),
    );
    expect(wrong).toEqual([]);
    const statusesOf = (name: string) =>
      Object.keys(operations.find(([candidate]) => candidate === name)?.[1].responses ?? {});
    expect(statusesOf('get /v1/clients/{id}')).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '429', '503']),
    );
  });

  it('documents each command’s headers, answer and write errors', () => {
    const commands = operations.filter(([name]) => !name.startsWith('get ') && !OWN_ANSWER.has(name));
    expect(commands.length).toBeGreaterThanOrEqual(25);
    const wrong = commands.flatMap(([name, operation]) => {
      const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      const held = operation.responses['202'];
      const success = Object.entries(operation.responses).filter(
        ([status]) => Number(status) < 300 && status !== '202',
      );
      const problems = [
        ...(['If-Match', 'Idempotency-Key'].every((header) => headers.includes(header)) ? [] : ['headers']),
        ...(success.length === 1 && schemaOf(success[0]![1]) === WRITE_BODY ? [] : ['answer']),
        ...(held === undefined || schemaOf(held) === HELD_BODY ? [] : ['held answer']),
        ...(['409', '412', '422', '507'].every((status) => status in operation.responses) ? [] : ['errors']),
      ];
      return problems.length === 0 ? [] : [`${name}: ${problems.join(', ')}`];
    });
    expect(wrong).toEqual([]);
  });
});
