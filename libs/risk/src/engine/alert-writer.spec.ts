import { alertStreamId, weekdaysCalendar, type RiskReading } from '@crm/domain';
import { SqliteEventStore } from '@crm/event-store';
import { cn2026Calendar } from '@crm/testing';
import { AlertWriter } from './alert-writer';

const CLIENT = '0190a4c2-0000-7000-8000-0000000000aa';
const ALERT = `EW-DPD.${CLIENT}.1`;
const reading: RiskReading = {
  ruleId: 'EW-DPD',
  ruleVersion: 1,
  severity: 'high',
  reason: 'facility F-1 is 35 days past due',
  evidence: ['0190a4c2-0000-7000-8000-000000000001'],
};
/** 17:00 in Shanghai on Wednesday 30 September 2026, the eve of the National Day holiday (1–7 Oct). */
const EVE_OF_NATIONAL_DAY = '2026-09-30T09:00:00.000Z';

describe('AlertWriter', () => {
  let store: SqliteEventStore;

  beforeEach(() => {
    store = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
  });
  afterEach(async () => {
    await store.close();
  });

  const dueByWritten = async (): Promise<unknown> => {
    const [raised] = await store.readStream(alertStreamId(ALERT));
    return (raised?.data as { dueBy?: unknown } | undefined)?.dueBy;
  };

  test('given the bank calendar, when a high alert is raised on the eve of a holiday, then it is due on the first day back', async () => {
    const writer = new AlertWriter(store, cn2026Calendar());
    await expect(
      writer.raise({ alertId: ALERT, clientId: CLIENT, episode: 1, reading, now: EVE_OF_NATIONAL_DAY }),
    ).resolves.toBe('raised');
    expect(await dueByWritten()).toBe('2026-10-08T09:00:00.000Z');
  });

  test('given a calendar without holidays, when the same alert is raised, then it is due the next day', async () => {
    const writer = new AlertWriter(store, weekdaysCalendar('Asia/Shanghai'));
    await writer.raise({ alertId: ALERT, clientId: CLIENT, episode: 1, reading, now: EVE_OF_NATIONAL_DAY });
    expect(await dueByWritten()).toBe('2026-10-01T09:00:00.000Z');
  });
});
