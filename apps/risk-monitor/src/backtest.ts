import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openEventStore, eventStoreOptions } from '@crm/event-store';
import { loadStorageConfig, ProgressLine } from '@crm/platform';
import {
  formatBacktest,
  formatComparison,
  loadRiskRules,
  RiskRulesFileError,
  runRiskBacktest,
  type BacktestProgress,
  type BacktestRuleSet,
} from '@crm/risk';

const USAGE =
  'usage: npm run risk:backtest -- [--rules <file> | --compare <a.yaml> <b.yaml>] [--from <date>] [--to <date>] [--json] [--all-clients]';

/**
 * `npm run risk:backtest`: what the early-warning rules would have raised over the store's log,
 * written nowhere (libs/risk `runRiskBacktest`). With `--rules` (default: the shipped rules) a row
 * per rule; with `--compare a b` both files over one pass of the log, side by side.
 * Exit 0 with the report on stdout, 2 on bad arguments or a bad rules file, 1 on failure.
 */
const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    options: {
      rules: { type: 'string' },
      compare: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      'all-clients': { type: 'boolean', default: false },
    },
    // `--compare a.yaml b.yaml`: the second file arrives as a positional.
    allowPositionals: true,
    strict: true,
  });
  const compare = values.compare;
  const comparing = compare !== undefined;
  if (comparing && values.rules !== undefined) throw new UsageError('--rules and --compare cannot be used together');
  const files = comparing ? [compare, ...positionals] : [values.rules ?? null];
  if (comparing && files.length !== 2) throw new UsageError('--compare needs exactly two rules files');
  if (!comparing && positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const from = parseDate(values.from, '--from');
  const to = parseDate(values.to, '--to');
  if (from !== null && to !== null && from > to) throw new UsageError('--from must not be after --to');
  const ruleSets = loadRuleSets(files);

  const config = loadStorageConfig();
  const log = await openEventStore(eventStoreOptions(config));
  const progress = new ProgressLine(process.stderr);
  const started = Date.now();
  try {
    const result = await runRiskBacktest({
      log,
      ruleSets,
      timeZone: config.bankTimeZone,
      from,
      to,
      onProgress: (p) => progress.update(progressLine(p, Date.now() - started)),
    });
    progress.end();
    for (const run of result.runs) {
      if (run.parkedClients > 0) {
        process.stderr.write(
          `warning: under ${run.name} ${run.parkedClients} client(s) were parked (their input kept failing); their counts stop there\n`,
        );
      }
    }
    const options = { json: values.json ?? false, allClients: values['all-clients'] ?? false };
    process.stdout.write(comparing ? formatComparison(result, options) : formatBacktest(result, options));
  } finally {
    await log.close();
  }
};

/** Every file is checked before the log is read, and every bad one named at once. */
const loadRuleSets = (files: readonly (string | null)[]): BacktestRuleSet[] => {
  const problems: string[] = [];
  const ruleSets: BacktestRuleSet[] = [];
  for (const file of files) {
    try {
      ruleSets.push({ name: file ?? 'the shipped default rules', rules: loadRiskRules(file) });
    } catch (error) {
      if (!(error instanceof RiskRulesFileError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return ruleSets;
};

const parseDate = (raw: string | undefined, flag: string): Date | null => {
  if (raw === undefined) return null;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag} must be a date (e.g. 2026-01-31 or 2026-01-31T00:00:00Z)`);
  return date;
};

const progressLine = (p: BacktestProgress, elapsedMs: number): string => {
  const share = Math.round((Number(p.position) / Math.max(Number(p.head), 1)) * 100);
  const rate = Math.round(p.events / Math.max(elapsedMs / 1000, 0.001));
  return `back-test: ${p.position}/${p.head} positions (${share}%), ${rate} events/s, log time ${p.logTime ?? '-'}`;
};

class UsageError extends Error {}

main().catch((error: unknown) => {
  // node:util parseArgs reports an unknown option or a missing value as a TypeError with a code.
  const parseArgsError =
    error instanceof TypeError && /^ERR_PARSE_ARGS/.test((error as NodeJS.ErrnoException).code ?? '');
  if (error instanceof UsageError || parseArgsError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`back-test failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
