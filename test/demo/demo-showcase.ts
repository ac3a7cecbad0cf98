import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RealisticEvent } from '../../libs/testing/src/realistic-client-data';

/** What the demo points at: its busiest core client, that client's manager and branch. */
export type Showcase = Readonly<{ clientId: string; managerId: string; branchId: string; contacts: number }>;

type Followed = { branchId: string; managerId: string | null; core: boolean; contacts: number };

/** Follows the history as it is written and picks the core client with the most contacts. */
export class ShowcaseFinder {
  private readonly clients = new Map<string, Followed>();

  observe({ streamId, event }: RealisticEvent): void {
    if (!streamId.startsWith('client-')) return;
    const clientId = streamId.slice('client-'.length);
    const data = event.data as Readonly<Record<string, unknown>>;
    if (event.type === 'ProspectRegistered') {
      this.clients.set(clientId, { branchId: String(data.branchId), managerId: null, core: false, contacts: 0 });
      return;
    }
    const client = this.clients.get(clientId);
    if (client === undefined) return;
    if (event.type === 'ManagerAssigned') client.managerId = String(data.managerId);
    if (event.type === 'ClientTierChanged') client.core = data.to === 'core';
    if (event.type === 'ContactLogged') client.contacts += 1;
  }

  showcase(): Showcase {
    let best: Showcase | null = null;
    for (const [clientId, client] of this.clients) {
      if (!client.core || client.managerId === null) continue;
      if (best === null || client.contacts > best.contacts) {
        best = { clientId, managerId: client.managerId, branchId: client.branchId, contacts: client.contacts };
      }
    }
    if (best === null) throw new Error('the generated bank has no core client with a manager; raise DEMO_CLIENTS');
    return best;
  }
}

export const saveShowcase = (file: string, showcase: Showcase): void =>
  writeFileSync(file, `${JSON.stringify(showcase, null, 2)}\n`);

export const readShowcase = (file: string): Showcase | null =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Showcase) : null;

/** Ready-to-paste commands for the three things to look at (they need curl and jq). */
export const whatToLookAt = (showcase: Showcase, port: number): string =>
  [
    '',
    'Three things to look at, from another terminal once the API says it is listening:',
    '',
    `  API=http://127.0.0.1:${port}`,
    `  TOKEN=$(curl -s -X POST $API/v1/dev/tokens -H 'content-type: application/json' -d '{"sub":"u-demo","role":"admin"}' | jq -r .token)`,
    '',
    `  # 1. The single window of a core client (${showcase.contacts} contacts in two years): grade, credit, arrears, products, alerts`,
    `  curl -s $API/v1/clients/${showcase.clientId} -H "authorization: Bearer $TOKEN" | jq`,
    '  # 2. Its relationship manager\u2019s portfolio: every client, last contact, follow-ups due, open alerts',
    `  curl -s $API/v1/managers/${showcase.managerId}/portfolio -H "authorization: Bearer $TOKEN" | jq '.totals, .clients[0:3]'`,
    '  # 3. The branch dashboard: tiers, the 80/20 share, core coverage, NPS, alerts by severity',
    `  curl -s $API/v1/branches/${showcase.branchId}/dashboard -H "authorization: Bearer $TOKEN" | jq`,
    '',
    `Or in a browser: http://127.0.0.1:${port}/console/ , signed in as relationship manager ${showcase.managerId}`,
    `(user and manager id ${showcase.managerId}), as branch head of ${showcase.branchId}, as risk officer or as DPO.`,
    '',
    '',
  ].join('\n');
