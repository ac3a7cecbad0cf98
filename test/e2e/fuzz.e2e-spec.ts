import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { loadConfig, type AppConfig } from '@crm/platform';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * Hostile input at every route the app serves (docs/security.md, threat model): generated path parameters, query
 * strings, headers, tokens and bodies, thousands of them, over real HTTP. The routes come from the
 * app itself (Fastify's onRoute hook), so routes added later are fuzzed without touching this file.
 *
 * For every answer: never a 5xx; always an x-request-id; an error body is JSON with `code` and
 * `message` and carries no stack trace, file path or internal message; and a refused request
 * (any 4xx: which one depends on validation, authentication, authorization and rate limiting, and
 * is not asserted) leaves the event store's head where it was.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx jest test/e2e/fuzz.e2e-spec.ts
 * FUZZ_RUNS=<factor> scales the number of runs (default 1: 2,500 generated requests).
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_128;
const RUNS_FACTOR = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;
const runs = (n: number) => Math.max(1, Math.round(n * RUNS_FACTOR));

type Route = Readonly<{ method: string; url: string; params: readonly string[] }>;
type Answer = Readonly<{ status: number; headers: IncomingHttpHeaders; text: string; stream: boolean }>;

// ---------------------------------------------------------------------------------------------
// What a generated request is made of. Recipes, not bytes: a failing case prints small.

type TokenRecipe =
  | { kind: 'valid'; role: string }
  | { kind: 'none' }
  | { kind: 'garbage'; text: string }
  | { kind: 'alg-none' }
  | { kind: 'expired' }
  | { kind: 'wrong-key' }
  | { kind: 'other-scheme'; text: string }
  | { kind: 'oversized' };

type BodyRecipe =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'deep'; depth: number; style: 'array' | 'object' }
  | { kind: 'huge'; bytes: number; asField: boolean };

type ParamValue = Readonly<{ value: string; raw: boolean }>;

type Schema = Readonly<Record<string, unknown>>;

type RequestRecipe = Readonly<{
  route: number;
  params: readonly ParamValue[];
  query: readonly (readonly [string, string])[];
  rawQuery: boolean;
  token: TokenRecipe;
  contentType: string | null;
  body: BodyRecipe;
  headers: readonly (readonly [string, string])[];
  method: string | null;
}>;

const HOSTILE_STRINGS = [
  '..',
  '.',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '../../etc/passwd',
  '..%2f..%2fetc',
  '%2e%2e',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AE',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '99999999999999999999999',
  '9223372036854775808',
  '0x10',
  '1.5',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '客户经理',
  '🙂🙂',
  '\u202eevil',
  'ｆｕｌｌ',
  'a\r\nx-injected: 1',
  ' ',
  '',
  'a'.repeat(300),
  'x'.repeat(5000),
];

const INVALID_JSON = [
  '{',
  '}',
  '{"a":}',
  'nul',
  '\u0000',
  '{"a":1}}',
  "{'a':1}",
  '[1,2',
  '"unterminated',
  '\ufeff{}',
  '{"a":1e999999}',
  'NaN',
  'undefined',
  '{"a":1,}',
  '{"a" 1}',
  '\\u0000',
  '{"a":"\\ud800"}',
  '<xml/>',
  'a=1&b=2',
  '--',
];

/** Prototype-pollution shapes, as text: JSON.stringify cannot write an own `__proto__` key. */
const PROTOTYPE_BODIES = [
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  '{"legalName":"x","__proto__":{"polluted":true}}',
  '{"contact":{"__proto__":{"polluted":true}}}',
  '{"hasOwnProperty":"x"}',
  '{"reason":"x","isPrototypeOf":1}',
  '[{"__proto__":{"polluted":true}}]',
  '{"a":{"b":{"constructor":{"prototype":{"polluted":true}}}}}',
  '{"prototype":{"polluted":true}}',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'a/b/c',
  ';;;',
  'application/json, text/plain',
];

// ---------------------------------------------------------------------------------------------
// Encoding helpers.

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Every byte outside the unreserved set percent-encoded (lone surrogates become U+FFFD). */
const encodeAll = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      UNRESERVED.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Only what HTTP cannot carry encoded: `/ ? # % ..` reach the server as typed. */
const encodeRaw = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** Header values Node will send: printable ASCII, bounded. */
const headerSafe = (value: string): string => value.replace(/[^\x20-\x7e]/g, '').slice(0, 2000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const hs256 = (claims: Record<string, unknown>, secret: string): string => {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;
/** A stack frame (`at fn (/path/file.ts:1:2)`) or a source file path with a line. */
const STACK_FRAME =
  /\bat [^\s()]+ \(|\n\s+at \S|\(\/[^)]*:\d+:\d+\)|\/(?:work|home|usr|app|opt|srv|node_modules)\/\S+\.(?:ts|js)\b|\.(?:ts|js):\d+:\d+/;
/** Messages that come from inside (runtime, drivers, parsers), never meant for a caller. */
const INTERNAL_MESSAGE =
  /\b(?:Error:|TypeError|RangeError|SyntaxError|ReferenceError)|Cannot read propert|is not a function|is not defined|Maximum call stack|SQLITE_|constraint failed|no such (?:table|column)|ECONN|FST_ERR|Unexpected token|in JSON at position|duplicate key|violates|relation "|stack/i;

// ---------------------------------------------------------------------------------------------

type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

/** The same hostile input against each store: a text PostgreSQL cannot keep must be refused as SQLite's is. */
const fuzzSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`hostile input at every route (fast-check fuzz, ${name})`, () => {
    const dir = scratchDir('crm-fuzz');
    let cleanupStorage: () => Promise<void> = async () => undefined;
    let config: AppConfig;
    let app: NestFastifyApplication;
    let store: EventStore;
    let port: number;
    const routes: Route[] = [];
    const tokens: Record<string, string> = {};
    const known: Record<string, string[]> = {};
    const vocabulary = { keys: new Set<string>(), values: new Set<unknown>() };
    /** Request-body schemas from the OpenAPI document, by `METHOD /fastify/:pattern`. */
    const bodySchemas = new Map<string, Schema>();
    let components: Record<string, Schema> = {};
    const stats = { requests: 0, byStatus: new Map<number, number>() };

    const send = (
      method: string,
      path: string,
      givenHeaders: Record<string, string>,
      body: Buffer | null,
    ): Promise<Answer> =>
      new Promise((resolve, reject) => {
        // Framed as a real client frames it: Node sends a DELETE's or OPTIONS' body without a length.
        const headers = body === null ? givenHeaders : { ...givenHeaders, 'content-length': String(body.length) };
        let settled = false;
        // Not `instanceof Error`: errors from Node's http module come from another realm than jest's.
        const finish = (outcome: { answer: Answer } | { error: Error }) => {
          if (settled) return;
          settled = true;
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.answer);
        };
        // A connection per request: after an early answer (413, 431) to a large request, bytes still
        // in flight must not be read as the next request's.
        const client = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
          const status = response.statusCode ?? 0;
          if (/^text\/event-stream/.test(response.headers['content-type'] ?? '')) {
            // An endless stream: the head is what there is to check.
            finish({ answer: { status, headers: response.headers, text: '', stream: true } });
            response.destroy();
            client.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            finish({
              answer: {
                status,
                headers: response.headers,
                text: Buffer.concat(chunks).toString('utf8'),
                stream: false,
              },
            }),
          );
          response.on('error', (error) => finish({ error }));
        });
        client.setTimeout(20_000, () =>
          client.destroy(new Error(`no answer to ${method} ${path.slice(0, 200)} within 20 s`)),
        );
        client.on('error', (error: NodeJS.ErrnoException) => {
          // The server may answer (413, 431) and close before a large request is fully written.
          if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
          finish({ error });
        });
        client.end(body ?? undefined);
      });

    const json = async (
      method: string,
      path: string,
      body: unknown,
      token?: string,
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      };
      const answer = await send(method, path, headers, body === undefined ? null : Buffer.from(JSON.stringify(body)));
      return { status: answer.status, body: answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {} };
    };

    const head = () => store.headPosition();

    /** Words the API understands, from its own OpenAPI document, so bodies get past the first checks. */
    const learnVocabulary = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(learnVocabulary);
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (typeof record.properties === 'object' && record.properties !== null) {
        for (const key of Object.keys(record.properties)) vocabulary.keys.add(key);
      }
      if (Array.isArray(record.enum)) record.enum.forEach((value) => vocabulary.values.add(value));
      if (record.example !== undefined && typeof record.example !== 'object') vocabulary.values.add(record.example);
      Object.values(record).forEach(learnVocabulary);
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanupStorage = prepared.cleanup;
      config = loadConfig({
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        SQLITE_DURABLE: 'false',
        ...prepared.env,
        LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent',
        // Only the projector: the risk monitor appends alerts on its own, which would move the head
        // between a refused request and the check after it.
        WORKERS: 'projector',
        // minPosition beyond the head waits this long before its 503; the fuzzer sends many.
        READ_YOUR_WRITES_TIMEOUT_MS: '20',
      });
      app = await createCrmApi(config);
      app
        .getHttpAdapter()
        .getInstance()
        .addHook('onRoute', (route) => {
          for (const method of [route.method].flat()) {
            routes.push({
              method: String(method),
              url: route.url,
              params: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]),
            });
          }
        });
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      port = address.port;
      store = app.get<EventStore>(EVENT_STORE);

      for (const [role, claims] of Object.entries({
        admin: {},
        relationship_manager: { managerId: 'M-FUZZ', branchId: 'BR-FUZZ' },
        branch_head: { branchId: 'BR-FUZZ' },
        risk_officer: {},
        dpo: {},
        service: {},
      })) {
        const issued = await json('POST', '/v1/dev/tokens', { sub: `u-fuzz-${role}`, role, ...claims });
        expect(issued.status).toBe(201);
        tokens[role] = String(issued.body.token);
      }

      // Real ids, so some requests reach the deciders rather than stopping at "not found".
      const admin = tokens.admin;
      expect(
        (
          await json(
            'POST',
            '/v1/managers',
            { managerId: 'M-FUZZ', name: 'Fuzz Manager', branchId: 'BR-FUZZ', level: 'senior' },
            admin,
          )
        ).status,
      ).toBe(201);
      const client = await json(
        'POST',
        '/v1/clients',
        {
          branchId: 'BR-FUZZ',
          segment: 'sme',
          industry: 'retail',
          legalName: 'Fuzz Target Ltd',
          registrationNo: 'RN-FUZZ-1',
          contact: { phone: '+8612345678', email: 'fuzz@example.com' },
          source: 'branch',
        },
        admin,
      );
      expect(client.status).toBe(201);
      const clientId = String(client.body.id);
      await json('POST', `/v1/clients/${clientId}/conversion`, {}, admin);
      await json('PUT', `/v1/clients/${clientId}/manager`, { managerId: 'M-FUZZ', reason: 'coverage' }, admin);
      await json('PUT', `/v1/clients/${clientId}/facilities/F-1`, { limit: '1000.00', currency: 'CNY' }, admin);
      const contact = await json(
        'POST',
        `/v1/clients/${clientId}/contacts`,
        {
          managerId: 'M-FUZZ',
          channel: 'call',
          purpose: 'consultation',
          summary: 'fuzz',
          occurredAt: '2026-01-10T09:00:00Z',
          followUpDue: '2026-02-01T09:00:00Z',
        },
        admin,
      );
      const flag = await json(
        'POST',
        `/v1/clients/${clientId}/risk-flags`,
        { type: 'other', severity: 'low', note: 'fuzz' },
        admin,
      );
      const holding = await json(
        'POST',
        `/v1/clients/${clientId}/products`,
        { productCode: 'DEP-1', category: 'deposit', amount: '10.00' },
        admin,
      );
      const complaint = await json(
        'POST',
        `/v1/clients/${clientId}/complaints`,
        { category: 'fees', text: 'fuzz' },
        admin,
      );
      Object.assign(known, {
        id: [clientId, 'M-FUZZ', 'BR-FUZZ', `EW-DPD.${clientId}.1`],
        contactId: [String(contact.body.contactId)],
        facilityId: ['F-1', 'F-2'],
        flagId: [String(flag.body.flagId)],
        holdingId: [String(holding.body.holdingId)],
        complaintId: [String(complaint.body.complaintId)],
      });

      const docs = await send('GET', '/docs-json', {}, null);
      const document = JSON.parse(docs.text) as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
        components?: { schemas?: Record<string, Schema> };
      };
      learnVocabulary(document);
      components = document.components?.schemas ?? {};
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const schema = operation.requestBody?.content?.['application/json']?.schema;
          if (schema) bodySchemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, schema);
        }
      }
      for (const key of [
        'minPosition',
        'cursor',
        'limit',
        'q',
        'asOf',
        'since',
        'status',
        'severity',
        'tier',
        'riskLevel',
      ])
        vocabulary.keys.add(key);
      ['5000000.00', '-1.00', '0', 'CNY', 'M-FUZZ', 'BR-FUZZ', clientId, '2026-01-10T09:00:00Z'].forEach((value) =>
        vocabulary.values.add(value),
      );
    });

    afterAll(async () => {
      await app?.close();
      await cleanupStorage();
      dir.cleanup();
      const statuses = [...stats.byStatus.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      process.stdout.write(
        `fuzz (${name}): seed ${SEED}, ${stats.requests} requests over ${routes.length} routes (${statuses})\n`,
      );
    });

    // -------------------------------------------------------------------------------------------
    // Arbitraries.

    const anyString = () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
        { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
        { weight: 1, arbitrary: fc.uuid() },
      );

    const paramValue = (name: string) =>
      fc.record({
        value: fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...(known[name] ?? known.id ?? ['x'])) },
          { weight: 3, arbitrary: anyString() },
        ),
        raw: fc.boolean(),
      });

    const vocabularyValue = () =>
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...vocabulary.values) },
        { weight: 2, arbitrary: anyString() },
        {
          weight: 1,
          arbitrary: fc.oneof(
            fc.integer(),
            fc.double(),
            fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, -0),
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 2], { nested: { deeper: 'x' } }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      );

    const vocabularyObject = () =>
      fc.dictionary(
        fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...vocabulary.keys) }, { weight: 1, arbitrary: anyString() }),
        vocabularyValue(),
        { maxKeys: 8 },
      );

    /** Ids the fixtures made, for body fields that name one, so valid bodies get past "not found". */
    const knownForField = (name: string): string[] | undefined =>
      /^managerId$/.test(name)
        ? ['M-FUZZ']
        : /^branchId$/.test(name)
          ? ['BR-FUZZ']
          : /^clientId$/.test(name)
            ? known.id?.slice(0, 1)
            : undefined;

    const resolveSchema = (schema: Schema): Schema =>
      typeof schema.$ref === 'string'
        ? (components[schema.$ref.split('/').pop() ?? ''] ?? {})
        : Array.isArray(schema.allOf)
          ? resolveSchema(schema.allOf[0] as Schema)
          : schema;

    /** Values the schema allows (mostly: patterns and examples, not every validator rule). */
    const fromSchema = (raw: Schema, name = ''): fc.Arbitrary<unknown> => {
      const schema = resolveSchema(raw);
      if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
      switch (schema.type) {
        case 'object': {
          const properties = (schema.properties ?? {}) as Record<string, Schema>;
          const model = Object.fromEntries(
            Object.entries(properties).map(([key, property]) => [key, fromSchema(property, key)]),
          );
          return fc.record(model, {
            requiredKeys: ((schema.required ?? []) as string[]).filter((key) => key in model),
          });
        }
        case 'string': {
          const ids = knownForField(name);
          if (ids !== undefined && ids.length > 0) return fc.constantFrom(...ids);
          const max = typeof schema.maxLength === 'number' ? schema.maxLength : 100;
          const options: fc.Arbitrary<string>[] = [];
          if (schema.example !== undefined) options.push(fc.constant(String(schema.example)));
          if (typeof schema.pattern === 'string')
            options.push(
              fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length >= 1 && value.length <= max),
            );
          else if (schema.format === 'date-time')
            options.push(
              fc
                .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
                .map((date) => date.toISOString()),
            );
          else options.push(fc.string({ minLength: 1, maxLength: Math.min(max, 40) }));
          return fc.oneof(...options);
        }
        case 'integer':
          return fc.integer({
            min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
            max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
          });
        case 'number':
          return fc.double({
            min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
            max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
            noNaN: true,
          });
        case 'boolean':
          return fc.boolean();
        case 'array':
          return fc.array(fromSchema((schema.items ?? {}) as Schema), { maxLength: 3 });
        default:
          return fc.jsonValue({ maxDepth: 1 });
      }
    };

    type Mutation = 'none' | 'drop' | 'replace' | 'extra' | 'null' | 'array';

    /** A body the route's schema allows, or one a single step away from it. */
    const nearValidBody = (routeKey: string): fc.Arbitrary<BodyRecipe> => {
      const schema = bodySchemas.get(routeKey);
      if (schema === undefined) return body();
      return fc
        .tuple(
          fromSchema(schema),
          fc.oneof(
            { weight: 4, arbitrary: fc.constant<Mutation>('none') },
            { weight: 3, arbitrary: fc.constantFrom<Mutation>('drop', 'replace', 'extra', 'null', 'array') },
          ),
          fc.nat(),
          vocabularyValue(),
          fc.oneof(
            fc.constantFrom(...vocabulary.keys),
            anyString(),
            fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty'),
          ),
        )
        .map(([value, mutation, pick, replacement, extraKey]): BodyRecipe => {
          if (typeof value !== 'object' || value === null || Array.isArray(value) || mutation === 'none')
            return { kind: 'json', value };
          const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
          const keys = Object.keys(copy);
          const key = keys.length > 0 ? keys[pick % keys.length] : extraKey;
          if (mutation === 'drop') delete copy[key];
          if (mutation === 'replace') copy[key] = replacement;
          if (mutation === 'null') copy[key] = null;
          if (mutation === 'array') copy[key] = [copy[key]];
          // An own `__proto__` key, as a hostile client would send it (assignment would set the prototype).
          if (mutation === 'extra')
            Object.defineProperty(copy, extraKey, {
              value: replacement,
              enumerable: true,
              configurable: true,
              writable: true,
            });
          return { kind: 'json', value: copy };
        });
    };

    const token = (): fc.Arbitrary<TokenRecipe> =>
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.record({ kind: fc.constant('valid' as const), role: fc.constantFrom(...Object.keys(tokens)) }),
        },
        { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), text: anyString() }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<TokenRecipe>(
            { kind: 'alg-none' },
            { kind: 'expired' },
            { kind: 'wrong-key' },
            { kind: 'oversized' },
          ),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('other-scheme' as const),
            text: fc.constantFrom(
              'Basic dXNlcjpwYXNz',
              'Bearer',
              'Bearer ',
              'bearer x.y.z',
              'Token abc',
              'Bearer a.b.c d',
            ),
          }),
        },
      );

    const body = (): fc.Arbitrary<BodyRecipe> =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('json' as const), value: vocabularyObject() }) },
        {
          weight: 2,
          arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 4 }) }),
        },
        {
          weight: 2,
          arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom(...PROTOTYPE_BODIES) }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('text' as const),
            text: fc.oneof(fc.constantFrom(...INVALID_JSON), fc.string({ maxLength: 50 })),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('deep' as const),
            depth: fc.integer({ min: 20, max: 200_000 }),
            style: fc.constantFrom('array' as const, 'object' as const),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('huge' as const),
            bytes: fc.constantFrom(100_000, 1_000_000, 1_048_577, 1_200_000, 3_000_000),
            asField: fc.boolean(),
          }),
        },
      );

    const query = () =>
      fc.array(
        fc.tuple(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...vocabulary.keys) },
            {
              weight: 1,
              arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'a[b]', 'a[]', 'limit[$gt]', ''),
            },
            { weight: 1, arbitrary: anyString() },
          ),
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc.constantFrom(
                ...[...vocabulary.values].filter((v) => typeof v === 'string' || typeof v === 'number').map(String),
              ),
            },
            { weight: 3, arbitrary: anyString() },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                '1e309',
                '-1',
                '0',
                '99999999999999999999999',
                '9223372036854775807',
                '1.5',
                'true',
                '[]',
                '{}',
              ),
            },
          ),
        ),
        { maxLength: 6 },
      );

    const extraHeaders = () =>
      fc.array(
        fc.tuple(
          fc.constantFrom(
            'if-match',
            'idempotency-key',
            'x-request-id',
            'last-event-id',
            'x-purpose',
            'accept',
            'x-forwarded-for',
            'cookie',
            'content-encoding',
          ),
          fc.oneof(
            anyString(),
            fc.constantFrom('"0"', '"1"', '*', 'W/"1"', '42', 'gzip', 'application/xml', '127.0.0.1, 10.0.0.1'),
          ),
        ),
        { maxLength: 3 },
      );

    type RequestOptions = {
      tokens?: fc.Arbitrary<TokenRecipe>;
      bodies?: fc.Arbitrary<BodyRecipe>;
      nearValid?: boolean;
    };

    const knownParam = (name: string) =>
      fc.record({ value: fc.constantFrom(...(known[name] ?? known.id ?? ['x'])), raw: fc.constant(false) });

    const requestFor = (routeIndexes: fc.Arbitrary<number>, options: RequestOptions = {}) =>
      routeIndexes.chain((index) =>
        fc.record({
          route: fc.constant(index),
          params: fc.tuple(...routes[index].params.map(options.nearValid ? knownParam : paramValue)),
          query: query(),
          rawQuery: fc.boolean(),
          token: options.tokens ?? token(),
          contentType: options.nearValid
            ? fc.constant('application/json')
            : fc.oneof(
                { weight: 5, arbitrary: fc.constant('application/json') },
                { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
                { weight: 1, arbitrary: fc.constant(null) },
              ),
          body:
            options.bodies ??
            (options.nearValid
              ? nearValidBody(`${routes[index].method} ${routes[index].url}`)
              : fc.oneof(body(), nearValidBody(`${routes[index].method} ${routes[index].url}`))),
          headers: options.nearValid ? fc.constant([]) : extraHeaders(),
          // Now and then the route's path with another method (405/404 paths).
          method: options.nearValid
            ? fc.constant(null)
            : fc.oneof(
                { weight: 9, arbitrary: fc.constant(null) },
                { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
              ),
        }),
      ) as fc.Arbitrary<RequestRecipe>;

    // -------------------------------------------------------------------------------------------
    // Building, sending and judging one request.

    const authorizationFor = (recipe: TokenRecipe): string | null => {
      const now = Math.floor(Date.now() / 1000);
      switch (recipe.kind) {
        case 'valid':
          return `Bearer ${tokens[recipe.role]}`;
        case 'none':
          return null;
        case 'garbage':
          return headerSafe(`Bearer ${recipe.text}`);
        case 'alg-none':
          return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u-x', role: 'admin', exp: now + 600 })}.`;
        case 'expired':
          return `Bearer ${hs256({ sub: 'u-x', role: 'admin', exp: now - 3600 }, config.jwtSecret)}`;
        case 'wrong-key':
          return `Bearer ${hs256({ sub: 'u-x', role: 'admin', exp: now + 600 }, 'not-the-secret-not-the-secret-000')}`;
        case 'other-scheme':
          return recipe.text;
        case 'oversized':
          // Beyond Node's 16 KiB header limit: refused by the HTTP parser itself (431).
          return `Bearer ${'a'.repeat(20_000)}`;
      }
    };

    const bodyBytes = (recipe: BodyRecipe): Buffer | null => {
      switch (recipe.kind) {
        case 'none':
          return null;
        case 'json':
          return Buffer.from(JSON.stringify(recipe.value) ?? 'null');
        case 'text':
          return Buffer.from(recipe.text);
        case 'deep':
          return Buffer.from(
            recipe.style === 'array'
              ? `${'['.repeat(recipe.depth)}${']'.repeat(recipe.depth)}`
              : `${'{"a":'.repeat(recipe.depth)}1${'}'.repeat(recipe.depth)}`,
          );
        case 'huge':
          return Buffer.from(
            recipe.asField ? JSON.stringify({ reason: 'x'.repeat(recipe.bytes) }) : 'x'.repeat(recipe.bytes),
          );
      }
    };

    const build = (recipe: RequestRecipe) => {
      const route = routes[recipe.route];
      let index = 0;
      const path = route.url
        .replace(/:(\w+)/g, () => {
          const param = recipe.params[index++];
          return param.raw ? encodeRaw(param.value) : encodeAll(param.value);
        })
        .replace(/\*$/, () => encodeRaw(recipe.params[0]?.value ?? 'x'));
      const encode = recipe.rawQuery ? encodeRaw : encodeAll;
      const search = recipe.query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
      const headers: Record<string, string> = {};
      for (const [name, value] of recipe.headers) headers[name] = headerSafe(value);
      const authorization = authorizationFor(recipe.token);
      if (authorization !== null) headers.authorization = authorization;
      const bytes = bodyBytes(recipe.body);
      if (bytes !== null && recipe.contentType !== null) headers['content-type'] = recipe.contentType;
      const method = recipe.method ?? route.method;
      return {
        method,
        path: search ? `${path}?${search}` : path,
        headers,
        body: method === 'GET' || method === 'HEAD' ? null : bytes,
      };
    };

    const describeRequest = (request: ReturnType<typeof build>) =>
      `${request.method} ${request.path.slice(0, 300)} [content-type ${request.headers['content-type'] ?? '-'}, ${request.body?.length ?? 0} bytes, ` +
      `auth ${request.headers.authorization ? request.headers.authorization.slice(0, 24) : '-'}]`;

    /** The problems with one answer, empty when it is fine. */
    const judge = (request: ReturnType<typeof build>, answer: Answer, before: bigint, after: bigint): string[] => {
      const problems: string[] = [];
      let body: Record<string, unknown> | null = null;
      const isJson = /^application\/json/.test(answer.headers['content-type'] ?? '');
      if (answer.text !== '' && (isJson || answer.status >= 400)) {
        try {
          body = JSON.parse(answer.text) as Record<string, unknown>;
        } catch {
          problems.push('the body is not JSON');
        }
      }

      if (answer.status >= 500) {
        // The one designed 5xx: read-your-writes on a position the projection has not reached.
        // With the projector caught up, only a position beyond the store's head can cause it.
        const minPosition = /(?:^|[?&])minPosition=(\d{1,19})(?:&|$)/.exec(request.path)?.[1];
        const designed =
          body?.code === 'READ_MODEL.NOT_CAUGHT_UP' && minPosition !== undefined && BigInt(minPosition) > before;
        if (!designed) problems.push(`status ${answer.status}`);
      }
      if (answer.status < 100) problems.push('no HTTP status');
      if (!SAFE_REQUEST_ID.test(String(answer.headers['x-request-id'] ?? ''))) problems.push('no safe x-request-id');

      if (answer.status >= 400 && request.method !== 'HEAD') {
        if (body === null || typeof body !== 'object' || Array.isArray(body)) problems.push('no error body');
        else {
          if (typeof body.code !== 'string' || !ERROR_CODE.test(body.code))
            problems.push(`error code ${JSON.stringify(body.code)}`);
          if (typeof body.message !== 'string' || body.message === '') problems.push('no error message');
          if (body.errors !== undefined && !Array.isArray(body.errors)) problems.push('errors is not a list');
          const texts = [
            body.message,
            ...(Array.isArray(body.errors) ? body.errors.map((error: { message?: unknown }) => error?.message) : []),
          ];
          for (const text of texts) {
            if (typeof text === 'string' && INTERNAL_MESSAGE.test(text))
              problems.push(`internal message: ${text.slice(0, 200)}`);
          }
        }
        if (after !== before) problems.push(`a refused request moved the store head from ${before} to ${after}`);
      }
      if (STACK_FRAME.test(answer.text)) problems.push('a stack trace or file path in the body');
      return problems;
    };

    const exercise = async (recipe: RequestRecipe): Promise<void> => {
      const request = build(recipe);
      const before = await head();
      let answer: Answer;
      try {
        answer = await send(request.method, request.path, request.headers, request.body);
      } catch (error) {
        throw new Error(
          `no well-formed answer (${error instanceof Object && 'message' in error ? String(error.message) : String(error)})\n  request: ${describeRequest(request)}`,
        );
      }
      const after = await head();
      stats.requests += 1;
      stats.byStatus.set(answer.status, (stats.byStatus.get(answer.status) ?? 0) + 1);
      const problems = judge(request, answer, before, after);
      if (problems.length > 0) {
        throw new Error(
          `${problems.join('; ')}\n  request: ${describeRequest(request)}\n  answer: ${answer.status} ${answer.text.slice(0, 500)}`,
        );
      }
    };

    const assertProperty = (property: fc.IAsyncProperty<[RequestRecipe]>, numRuns: number) =>
      fc.assert(property, { seed: SEED, numRuns, endOnFailure: true });

    // -------------------------------------------------------------------------------------------

    it('sends security headers and a request id with every answer, keeping a safe incoming id only', async () => {
      const answer = await send(
        'GET',
        '/v1/clients',
        { authorization: `Bearer ${tokens.admin}`, 'x-request-id': 'gw-7f3a-42' },
        null,
      );
      expect(answer.status).toBe(200);
      expect(answer.headers).toMatchObject({
        'x-request-id': 'gw-7f3a-42',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringMatching(/max-age=\d+/),
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
      for (const unsafe of ['a b', 'x'.repeat(65), '<script>', 'a;b', '../x', '{"level":60}']) {
        const replaced = await send('GET', '/health/live', { 'x-request-id': unsafe }, null);
        expect(replaced.headers['x-request-id']).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
    });

    it('still serves the Swagger UI at /docs under the content security policy', async () => {
      const page = await send('GET', '/docs', {}, null);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const policy = String(page.headers['content-security-policy']);
      expect(policy).toContain("script-src 'self'");
      // Every script is a file from this origin (the policy allows no inline script) and loads.
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
      const assets = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map(
        (match) => new URL(match[1], 'http://api.test/docs'),
      );
      expect(assets.length).toBeGreaterThanOrEqual(3);
      for (const url of assets) {
        // Same origin, as `default-src 'self'` requires.
        expect(url.origin).toBe('http://api.test');
        const asset = url.pathname;
        expect({ asset, status: (await send('GET', asset, {}, null)).status }).toEqual({ asset, status: 200 });
      }
      expect((await send('GET', '/docs-json', {}, null)).status).toBe(200);
    });

    it('finds the routes from the app itself', () => {
      const names = routes.map((route) => `${route.method} ${route.url}`);
      expect(names).toEqual(
        expect.arrayContaining([
          'POST /v1/clients',
          'GET /v1/clients/:id',
          'PUT /v1/clients/:id/credit-rating',
          'GET /health/ready',
        ]),
      );
      expect(routes.length).toBeGreaterThan(30);
    });

    it(`answers 1,300 arbitrary requests at any route without a 5xx or a leak (seed ${SEED})`, async () => {
      await assertProperty(
        fc.asyncProperty(requestFor(fc.integer({ min: 0, max: routes.length - 1 })), exercise),
        runs(1300),
      );
    }, 180_000);

    it(`refuses 500 hostile bodies at write routes, with a valid token, storing nothing (seed ${SEED})`, async () => {
      const writes = routes
        .map((route, index) => ({ route, index }))
        .filter(({ route }) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method));
      const hostileBodies: fc.Arbitrary<BodyRecipe> = fc.oneof(
        fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom(...PROTOTYPE_BODIES, ...INVALID_JSON) }),
        fc.record({
          kind: fc.constant('deep' as const),
          depth: fc.integer({ min: 33, max: 300_000 }),
          style: fc.constantFrom('array' as const, 'object' as const),
        }),
        fc.record({
          kind: fc.constant('huge' as const),
          bytes: fc.constantFrom(1_048_577, 1_500_000),
          asField: fc.boolean(),
        }),
        fc.record({ kind: fc.constant('json' as const), value: vocabularyObject() }),
      );
      const adminOrOther = fc.oneof(
        { weight: 3, arbitrary: fc.constant<TokenRecipe>({ kind: 'valid', role: 'admin' }) },
        { weight: 1, arbitrary: token() },
      );
      await assertProperty(
        fc.asyncProperty(
          requestFor(fc.constantFrom(...writes.map(({ index }) => index)), {
            tokens: adminOrOther,
            bodies: hostileBodies,
          }),
          exercise,
        ),
        runs(500),
      );
    }, 180_000);

    it(`answers 300 requests with hostile path parameters and query strings at every route (seed ${SEED})`, async () => {
      const hostileParams: fc.Arbitrary<number> = fc
        .integer({ min: 0, max: routes.length - 1 })
        .filter((index) => routes[index].params.length > 0 || routes[index].method === 'GET');
      await assertProperty(
        fc.asyncProperty(
          requestFor(hostileParams, {
            tokens: fc.constant<TokenRecipe>({ kind: 'valid', role: 'admin' }),
            bodies: fc.constant<BodyRecipe>({ kind: 'none' }),
          }),
          exercise,
        ),
        runs(300),
      );
    }, 120_000);

    it(`takes or refuses 400 near-valid writes with real ids, storing only what it takes (seed ${SEED})`, async () => {
      const writes = routes
        .map((route, index) => ({ route, index }))
        .filter(({ route }) => bodySchemas.has(`${route.method} ${route.url}`));
      expect(writes.length).toBeGreaterThan(10);
      const writers = fc.oneof(
        { weight: 3, arbitrary: fc.constant<TokenRecipe>({ kind: 'valid', role: 'admin' }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<TokenRecipe>(
            { kind: 'valid', role: 'relationship_manager' },
            { kind: 'valid', role: 'branch_head' },
            { kind: 'valid', role: 'risk_officer' },
          ),
        },
      );
      const before = stats.byStatus.get(201) ?? 0;
      await assertProperty(
        fc.asyncProperty(
          requestFor(fc.constantFrom(...writes.map(({ index }) => index)), { tokens: writers, nearValid: true }),
          exercise,
        ),
        runs(400),
      );
      // The property means little if nothing ever gets through.
      expect((stats.byStatus.get(200) ?? 0) + (stats.byStatus.get(201) ?? 0) - before).toBeGreaterThan(0);
    }, 120_000);

    /** Sends each body to every write route as admin; each must be a 400 that stores nothing. */
    const refusedAtEveryWrite = async (bodies: readonly string[], check: (text: string, body: string) => void) => {
      const writes = routes.filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method));
      for (const route of writes) {
        for (const text of bodies) {
          const path = route.url.replace(/:(\w+)/g, (_, name: string) => (known[name] ?? known.id)[0]);
          const before = await head();
          const answer = await send(
            route.method,
            path,
            { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
            Buffer.from(text),
          );
          stats.requests += 1;
          expect({ route: `${route.method} ${route.url}`, body: text, status: answer.status }).toEqual({
            route: `${route.method} ${route.url}`,
            body: text,
            status: 400,
          });
          check(answer.text, text);
          expect(await head()).toBe(before);
        }
      }
    };

    it('refuses prototype keys at every write route with a 400 (class-validator lets them through)', async () => {
      await refusedAtEveryWrite(
        [
          '{"hasOwnProperty":"x","reason":"x"}',
          '{"reason":"x","constructor":{"prototype":{"polluted":true}}}',
          '{"__proto__":{"polluted":true}}',
          '{"reason":{"isPrototypeOf":1}}',
        ],
        (answer) => expect(JSON.parse(answer)).toMatchObject({ code: expect.stringMatching(/^REQUEST\./) }),
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a NUL or an unpaired surrogate in any text at every write route, naming the field, storing nothing', async () => {
      const fields = new Map([
        ['{"reason":"late\\u0000payment"}', 'reason'],
        ['{"reason":"\\ud800"}', 'reason'],
        ['{"note":{"text":"x\\udc00"}}', 'note.text'],
        ['{"tags":["ok","\\u0000"]}', 'tags.1'],
        ['{"re\\u0000ason":"x"}', '(body)'],
      ]);
      await refusedAtEveryWrite([...fields.keys()], (answer, body) => {
        expect(JSON.parse(answer)).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: fields.get(body) }] });
        expect(answer).not.toContain('\\u0000');
      });
    });
  });

fuzzSuite(describe, 'embedded SQLite', async () => ({ env: {}, cleanup: async () => undefined }));
fuzzSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('fuzz_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
