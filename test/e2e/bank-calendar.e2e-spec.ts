import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays,
  bankDateOf,
  dueByFor,
  isWeekend,
  parseBankCalendar,
  weekdaysCalendar,
  type BankDate,
  type Severity,
} from '@crm/domain';
import { API_MAIN, scratchDir, startApiProcess, startProcess, type ApiProcess, type ApiClient } from '@crm/testing';

const ZONE = 'Asia/Shanghai';

type AlertItem = {
  id: string;
  severity: Severity;
  status: string;
  raisedAt: string;
  dueBy: string;
  reopenedAt: string | null;
};

/** A calendar file (JSON is YAML) whose next ten weekdays, on the bank's clock today, are all holidays. */
const holidaysAhead = (): { years: number[]; holidays: BankDate[]; workingWeekendDays: BankDate[] } => {
  const today = bankDateOf(Date.now(), ZONE);
  const holidays: BankDate[] = [];
  for (let ahead = 1; holidays.length < 10; ahead++) {
    const date = addDays(today, ahead);
    if (!isWeekend(date)) holidays.push(date);
  }
  const years = [...new Set([today, ...holidays].map((date) => Number(date.slice(0, 4))))];
  return { years, holidays, workingWeekendDays: [] };
};

const eventually = async <T>(read: () => Promise<T | undefined>, what: string): Promise<T> => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const alertOf = (admin: ApiClient, clientId: string, ready: (alert: AlertItem) => boolean) =>
  eventually(async () => {
    const answer = await admin.get<{ items: AlertItem[] }>(`/v1/alerts?clientId=${clientId}`);
    return answer.body.items.find(ready);
  }, 'the alert');

describe('bank calendar through the real API', () => {
  it('a bad calendar file stops the API at boot with one line naming the file', async () => {
    const dir = scratchDir('calendar-bad');
    try {
      const file = join(dir.path, 'cn-2026.yaml');
      writeFileSync(file, 'years: [2026]\nholidays: [2026-02-30]\nworkingWeekendDays: []\n');
      const running = startProcess(API_MAIN, {
        PORT: '0',
        HOST: '127.0.0.1',
        SQLITE_PATH: join(dir.path, 'crm.sqlite'),
        BANK_CALENDAR_DIR: dir.path,
      });
      expect(await running.exited).toBe(1);
      expect(running.output()).toBe(
        `crm api failed to start: invalid bank calendar ${file}: holidays: 2026-02-30 is not a YYYY-MM-DD date\n`,
      );
    } finally {
      dir.cleanup();
    }
  });

  it('alerts raised by the monitor and reopened by an officer fall due after the holidays of the calendar file', async () => {
    const dir = scratchDir('calendar-api');
    const raw = holidaysAhead();
    writeFileSync(join(dir.path, 'holidays-ahead.yaml'), JSON.stringify(raw));
    const calendar = parseBankCalendar(raw, ZONE);
    const weekdays = weekdaysCalendar(ZONE);
    let api: ApiProcess | null = null;
    try {
      api = await startApiProcess({ SQLITE_PATH: join(dir.path, 'crm.sqlite'), BANK_CALENDAR_DIR: dir.path });
      const admin = await api.as('admin');
      await admin.post('/v1/managers', { managerId: 'M-3', name: 'Qian Li', branchId: 'BR-3', level: 'senior' });
      const registered = await admin.post<{ id: string }>('/v1/clients', {
        branchId: 'BR-3',
        segment: 'corporate',
        industry: 'logistics',
        legalName: 'Ningbo Harbour Ltd',
        registrationNo: '91330200NBH0001',
        contact: { email: 'ops@harbour.example' },
        source: 'referral',
      });
      expect(registered.status).toBe(201);
      const clientId = registered.body.id;
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      const changed = await admin.put(`/v1/clients/${clientId}/loan-classification`, {
        classification: 'special_mention',
        reason: 'weakened repayment capacity',
      });
      expect(changed.status).toBeLessThan(300);

      // The risk monitor's AlertWriter, on the calendar riskMonitorOptions loaded.
      const raised = await alertOf(admin, clientId, () => true);
      expect(raised.severity).not.toBe('critical');
      expect(raised.dueBy).toBe(dueByFor(raised.severity, raised.raisedAt, calendar));
      expect(raised.dueBy).not.toBe(dueByFor(raised.severity, raised.raisedAt, weekdays));

      // The API's CommandGateway, on the calendar AppModule loaded.
      const resolution = await admin.post(`/v1/alerts/${raised.id}/resolution`, { outcome: 'actioned', note: 'ok' });
      expect(resolution.status).toBe(200);
      const reopening = await admin.post(`/v1/alerts/${raised.id}/reopening`, { reason: 'payment bounced' });
      expect(reopening.status).toBe(200);
      const reopened = await alertOf(admin, clientId, (alert) => alert.status === 'open' && alert.reopenedAt !== null);
      const reopenedAt = reopened.reopenedAt ?? 'never';
      expect(reopened.dueBy).toBe(dueByFor(reopened.severity, reopenedAt, calendar));
      expect(reopened.dueBy).not.toBe(dueByFor(reopened.severity, reopenedAt, weekdays));
    } finally {
      await api?.stop();
      dir.cleanup();
    }
  });
});
