import { join } from 'node:path';
import { describeWithKafka, KAFKA_TEST_BROKERS, scratchDir, startApiProcess, uniqueName } from '@crm/testing';
import {
  dashboardExpressions,
  declaredFamilies,
  familiesIn,
  ruleExpressions,
} from '../../observability/observability-files';

/**
 * The alert rules and the dashboard read series by name; a renamed or dropped series would leave an
 * alert that can never fire. Every family they read must be on a real API's /metrics, with every
 * worker running (relay on Kafka, projector, risk monitor) and some traffic behind it.
 */
describeWithKafka('the observability files against a running API', () => {
  it('read only series the API exports', async () => {
    const dir = scratchDir('observability');
    const api = await startApiProcess({
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      KAFKA_BROKERS: KAFKA_TEST_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueName('obs')}.`,
    });
    try {
      const admin = await api.as('admin');
      expect(
        (await admin.post('/v1/managers', { managerId: 'M-1', name: 'Li Na', branchId: 'BR-1', level: 'senior' }))
          .status,
      ).toBe(201);
      expect((await admin.get('/v1/managers/M-1/portfolio')).status).toBe(200);

      const scrape = await fetch(`${api.base}/metrics`);
      expect(scrape.status).toBe(200);
      const declared = declaredFamilies(await scrape.text());
      const histograms = new Set([...declared].filter(([, kind]) => kind === 'histogram').map(([name]) => name));
      const read = new Set(
        [...ruleExpressions(), ...dashboardExpressions()].flatMap((expr) => familiesIn(expr, histograms)),
      );
      expect(read.size).toBeGreaterThan(15);
      expect([...read].filter((family) => !declared.has(family)).sort()).toEqual([]);
    } finally {
      await api.stop();
      dir.cleanup();
    }
  });
});
