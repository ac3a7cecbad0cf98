import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export const OBSERVABILITY_DIR = resolve(__dirname, '../../deploy/observability');
export const RULES_FILE = resolve(OBSERVABILITY_DIR, 'prometheus/crm-backbone.rules.yml');
export const RULES_TEST_FILE = resolve(OBSERVABILITY_DIR, 'prometheus/crm-backbone.rules.test.yml');
export const DASHBOARD_FILE = resolve(OBSERVABILITY_DIR, 'grafana/crm-backbone.dashboard.json');

type RuleFile = { groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[] };
type Panel = { type: string; title: string; targets?: { expr: string }[] };
type Dashboard = { panels: Panel[]; templating: { list: { query?: unknown; definition?: string }[] } };

export const ruleExpressions = (): string[] =>
  (parse(readFileSync(RULES_FILE, 'utf8')) as RuleFile).groups.flatMap((group) => group.rules.map((rule) => rule.expr));

export const dashboard = (): Dashboard => JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;

/** Every panel query and template query, with the dashboard's variables replaced by match-all values. */
export const dashboardExpressions = (): string[] => {
  const board = dashboard();
  const panels = board.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const variables = board.templating.list
    .map((variable) => /^label_values\((.+), \w+\)$/.exec(variable.definition ?? '')?.[1])
    .filter((expr): expr is string => expr !== undefined);
  return [...panels, ...variables].map((expr) => expr.replaceAll('$job', '.*').replaceAll('$instance', '.*'));
};

const SUFFIXES = ['_bucket', '_count', '_sum'];

/**
 * The exported metric families an expression reads: names that start with `crm_` (recorded series
 * are `crm:`…), a histogram's `_bucket`/`_count`/`_sum` taken back to its family. `up` is
 * Prometheus's own and left out.
 */
export const familiesIn = (expr: string, histograms: ReadonlySet<string>): string[] =>
  [...expr.matchAll(/\bcrm_[a-z0-9_]+/g)].map(([name]) => {
    const suffix = SUFFIXES.find((end) => name.endsWith(end) && histograms.has(name.slice(0, -end.length)));
    return suffix === undefined ? name : name.slice(0, -suffix.length);
  });

/** Families declared by a Prometheus text exposition (`# TYPE name kind`), by kind. */
export const declaredFamilies = (exposition: string): Map<string, string> =>
  new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, kind]) => [name, kind]));
