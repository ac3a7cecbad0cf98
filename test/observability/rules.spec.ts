import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { dashboard, dashboardExpressions, RULES_FILE, RULES_TEST_FILE } from './observability-files';

const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool && process.env.CI !== 'true') {
  process.stderr.write('observability rules: skipped, promtool is not installed (Debian package prometheus)\n');
}
// Under CI=true the suite runs and fails without promtool: .ci/run installs it.
const describePromtool = promtool || process.env.CI === 'true' ? describe : describe.skip;

describePromtool('Prometheus rules and the Grafana dashboard (promtool)', () => {
  const run = (args: string[]): string => execFileSync('promtool', args, { encoding: 'utf8', stdio: 'pipe' });

  it('the rule file is valid', () => {
    expect(run(['check', 'rules', RULES_FILE])).toContain('SUCCESS');
  });

  it('each alert fires on the series that should raise it and stays quiet on a near miss', () => {
    expect(run(['test', 'rules', RULES_TEST_FILE])).toContain('SUCCESS');
  });

  it('every query of the dashboard is valid PromQL (checked as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-dashboard-'));
    try {
      const rules = dashboardExpressions().map((expr, index) => ({ record: `dashboard:query_${index}`, expr }));
      expect(rules.length).toBeGreaterThan(15);
      const file = join(dir, 'dashboard.rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(run(['check', 'rules', file])).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Grafana dashboard', () => {
  it('has a query on every panel that is not a row, and titles that tell panels apart', () => {
    const panels = dashboard().panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    expect(panels.filter((panel) => (panel.targets?.length ?? 0) === 0).map((panel) => panel.title)).toEqual([]);
    expect(new Set(panels.map((panel) => panel.title)).size).toBe(panels.length);
  });
});
