import { readFileSync } from 'node:fs';

/**
 * What a V8 CPU profile (`node --cpu-prof`, a .cpuprofile file) says in a few lines: self time by
 * function, and inclusive time of the groups issue 13 is about (request logging, redaction,
 * interceptors, GC, …). A window (µs on the profile's clock, which on Linux is the monotonic clock
 * `process.hrtime` reads in any process) keeps only the samples of a measured load.
 *
 * As a command: `node dist/test/bench/cpu-profile-summary.js <file> [--top 10] [--from-us N --to-us N]`.
 */

type CallFrame = Readonly<{ functionName: string; url: string; lineNumber: number }>;
type ProfileNode = Readonly<{ id: number; callFrame: CallFrame; children?: readonly number[] }>;
export type CpuProfile = Readonly<{
  nodes: readonly ProfileNode[];
  startTime: number;
  endTime: number;
  samples: readonly number[];
  timeDeltas: readonly number[];
}>;

export type FrameTime = Readonly<{ frame: string; ms: number; percent: number }>;
export type ProfileSummary = Readonly<{
  windowMs: number;
  /** Sampled time that was not idle: the base of every percentage. */
  busyMs: number;
  samples: number;
  selfTop: readonly FrameTime[];
  groups: readonly FrameTime[];
}>;

/** Inclusive groups: a sample counts for a group when any frame on its stack matches. */
const GROUPS: ReadonlyArray<Readonly<{ name: string; matches: (frame: CallFrame) => boolean }>> = [
  { name: 'request logging: pino-http', matches: (f) => f.url.includes('/node_modules/pino-http/') },
  { name: 'Express-style middleware: @fastify/middie', matches: (f) => f.url.includes('/@fastify/middie/') },
  { name: 'log redaction: @pinojs/redact', matches: (f) => f.url.includes('/@pinojs/redact/') },
  { name: 'pino, all of it', matches: (f) => /\/node_modules\/(pino|pino-http|nestjs-pino|@pinojs)\//.test(f.url) },
  { name: 'interceptors: rxjs', matches: (f) => f.url.includes('/node_modules/rxjs/') },
  {
    name: "Nest's interceptor chain (@nestjs/core/interceptors)",
    matches: (f) => f.url.includes('/@nestjs/core/interceptors/'),
  },
  { name: 'AsyncResource (node:async_hooks)', matches: (f) => f.url === 'node:async_hooks' },
  {
    name: 'validation: class-validator / class-transformer',
    matches: (f) => /\/node_modules\/class-(validator|transformer)\//.test(f.url),
  },
  { name: 'JWT: jsonwebtoken', matches: (f) => f.url.includes('/node_modules/jsonwebtoken/') },
  {
    name: 'read models (libs/read-models: SQL reads and row mapping)',
    matches: (f) => f.url.includes('/libs/read-models/'),
  },
  { name: 'log lines to stdout: sonic-boom', matches: (f) => f.url.includes('/node_modules/sonic-boom/') },
  { name: 'HTTP metrics: prom-client', matches: (f) => f.url.includes('/node_modules/prom-client/') },
  { name: 'under fastify (about all request handling)', matches: (f) => f.url.includes('/node_modules/fastify/') },
  { name: 'garbage collection', matches: (f) => f.functionName === '(garbage collector)' },
];

const IDLE = new Set(['(idle)', '(program)']);

/** `name file:line` with the path cut to what follows node_modules/ or dist/. */
const frameName = (frame: CallFrame): string => {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  const url = frame.url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist)\//, '');
  return `${name} ${url}:${frame.lineNumber + 1}`;
};

export function summariseCpuProfile(
  profile: CpuProfile,
  options: Readonly<{ top?: number; fromUs?: number; toUs?: number }> = {},
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Groups a node's stack is in: its parent's plus its own (nodes are listed parents first, but a
  // memo makes the order irrelevant).
  const masks = new Map<number, number>();
  const maskOf = (id: number): number => {
    const known = masks.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    let mask = up === undefined ? 0 : maskOf(up);
    if (node !== undefined) GROUPS.forEach((group, bit) => (mask |= group.matches(node.callFrame) ? 1 << bit : 0));
    masks.set(id, mask);
    return mask;
  };

  const from = options.fromUs ?? -Infinity;
  const to = options.toUs ?? Infinity;
  const selfUs = new Map<number, number>();
  const groupUs = new Array<number>(GROUPS.length).fill(0);
  let busyUs = 0;
  let samples = 0;
  let time = profile.startTime;
  const meanDelta = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length);
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index] ?? 0;
    if (time < from || time > to) continue;
    // A sample stands for the time until the next one.
    const duration = profile.timeDeltas[index + 1] ?? meanDelta;
    const id = profile.samples[index];
    const node = byId.get(id);
    samples += 1;
    if (node === undefined || IDLE.has(node.callFrame.functionName)) continue;
    busyUs += duration;
    selfUs.set(id, (selfUs.get(id) ?? 0) + duration);
    const mask = maskOf(id);
    for (let bit = 0; bit < GROUPS.length; bit++) if (mask & (1 << bit)) groupUs[bit] += duration;
  }

  // Self time by function: nodes of the same function in different stacks add up.
  const byFrame = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const name = frameName(node.callFrame);
    byFrame.set(name, (byFrame.get(name) ?? 0) + us);
  }
  const share = (us: number) => (busyUs === 0 ? 0 : (us / busyUs) * 100);
  const windowStart = Math.max(from, profile.startTime);
  const windowEnd = Math.min(to, profile.endTime);
  return {
    windowMs: Math.max(0, windowEnd - windowStart) / 1000,
    busyMs: busyUs / 1000,
    samples,
    selfTop: [...byFrame]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.top ?? 10)
      .map(([frame, us]) => ({ frame, ms: us / 1000, percent: share(us) })),
    groups: GROUPS.map((group, bit) => ({ frame: group.name, ms: groupUs[bit] / 1000, percent: share(groupUs[bit]) })),
  };
}

/** Markdown: two tables, the percentages of busy (not idle) time. */
export function formatProfileSummary(summary: ProfileSummary): string {
  const rows = (items: readonly FrameTime[]) =>
    items.map(
      (item) => `| ${item.frame.replace(/\|/g, '\\|')} | ${item.ms.toFixed(0)} | ${item.percent.toFixed(1)} % |`,
    );
  return [
    `${summary.samples.toLocaleString('en-US')} samples over ${(summary.windowMs / 1000).toFixed(1)} s, ${(summary.busyMs / 1000).toFixed(1)} s busy (not idle)`,
    '',
    '| self time, by function | ms | % of busy |',
    '|---|---|---|',
    ...rows(summary.selfTop),
    '',
    '| inclusive, by group | ms | % of busy |',
    '|---|---|---|',
    ...rows(summary.groups),
  ].join('\n');
}

function main(argv: readonly string[]): void {
  const file = argv.find((arg, index) => !arg.startsWith('--') && !argv[index - 1]?.startsWith('--'));
  if (file === undefined)
    throw new Error('usage: cpu-profile-summary <file.cpuprofile> [--top N] [--from-us N --to-us N]');
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index < 0 ? undefined : Number(argv[index + 1]);
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summariseCpuProfile(profile, {
    top: option('--top'),
    fromUs: option('--from-us'),
    toUs: option('--to-us'),
  });
  process.stdout.write(`${formatProfileSummary(summary)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
