import { useConsole } from '../console-context';
import { Failure, Loading } from '../components';
import { formatDateTime, messages } from '../i18n';
import { useLoad } from '../use-load';
import { contactWord } from './client-forms';
import { eventName } from './client-events';

const t = messages(
  {
    contacts: 'Contacts and notes',
    when: 'When',
    channel: 'Channel',
    purpose: 'Purpose',
    summary: 'Notes',
    followUp: 'Follow-up',
    done: 'done {when}',
    due: 'due {when}',
    none: '—',
    noContacts: 'No contacts logged yet.',
    timeline: 'Timeline',
    event: 'What happened',
    by: 'By',
    details: 'Details',
    noEvents: 'Nothing has happened yet.',
  },
  {
    contacts: '联系记录与备注',
    when: '时间',
    channel: '方式',
    purpose: '目的',
    summary: '备注',
    followUp: '跟进',
    done: '已于 {when} 完成',
    due: '应于 {when} 前完成',
    none: '—',
    noContacts: '尚无联系记录。',
    timeline: '时间线',
    event: '事件',
    by: '操作人',
    details: '详情',
    noEvents: '尚无事件。',
  },
);

type ContactNote = Readonly<{
  contactId: string;
  occurredAt: string;
  channel: string;
  purpose: string;
  summary: string | null;
  followUp: Readonly<{ due: string; completedAt: string | null }> | null;
}>;
type TimelineEntry = Readonly<{
  position: string;
  type: string;
  occurredAt: string;
  actor: Readonly<{ userId: string; role: string }> | null;
  details: Readonly<Record<string, unknown>> | null;
}>;

const detailText = (details: TimelineEntry['details']): string =>
  details === null
    ? ''
    : Object.entries(details)
        .filter(([, value]) => value !== null && typeof value !== 'object')
        .map(([key, value]) => `${key}: ${String(value)}`)
        .join(' · ');

const followUpText = (followUp: ContactNote['followUp']): string => {
  if (followUp === null) return t('none');
  return followUp.completedAt === null
    ? t('due', { when: formatDateTime(followUp.due) })
    : t('done', { when: formatDateTime(followUp.completedAt) });
};

/** Read after the view: `viewPosition` changes once the view includes a write, and the notes are read then. */
export const ContactsSection = ({ clientId, viewPosition }: { clientId: string; viewPosition: string }) => {
  const { api } = useConsole();
  const loaded = useLoad(
    () => api.get<{ items: ContactNote[] }>(`/v1/clients/${encodeURIComponent(clientId)}/contacts?limit=20`),
    [clientId, viewPosition],
  );
  return (
    <section class="card" aria-labelledby="client-contacts">
      <h2 id="client-contacts">{t('contacts')}</h2>
      {loaded.error !== null && <Failure error={loaded.error} />}
      {loaded.data === null ? (
        <Loading />
      ) : loaded.data.items.length === 0 ? (
        <p class="muted">{t('noContacts')}</p>
      ) : (
        <table data-testid="client-contacts">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('channel')}</th>
              <th scope="col">{t('purpose')}</th>
              <th scope="col">{t('summary')}</th>
              <th scope="col">{t('followUp')}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.items.map((contact) => (
              <tr key={contact.contactId}>
                <td>{formatDateTime(contact.occurredAt)}</td>
                <td>{contactWord(contact.channel)}</td>
                <td>{contactWord(contact.purpose)}</td>
                <td>{contact.summary ?? t('none')}</td>
                <td>{followUpText(contact.followUp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

export const TimelineSection = ({ clientId, minPosition }: { clientId: string; minPosition: string | null }) => {
  const { api } = useConsole();
  const wait = minPosition === null ? '' : `&minPosition=${minPosition}`;
  const loaded = useLoad(
    () => api.get<{ entries: TimelineEntry[] }>(`/v1/clients/${encodeURIComponent(clientId)}/timeline?limit=20${wait}`),
    [clientId, wait],
  );
  return (
    <section class="card" aria-labelledby="client-timeline">
      <h2 id="client-timeline">{t('timeline')}</h2>
      {loaded.error !== null && <Failure error={loaded.error} />}
      {loaded.data === null ? (
        <Loading />
      ) : loaded.data.entries.length === 0 ? (
        <p class="muted">{t('noEvents')}</p>
      ) : (
        <ol class="timeline" data-testid="client-timeline">
          {loaded.data.entries.map((entry) => (
            <li key={entry.position} data-type={entry.type}>
              <strong>{eventName(entry.type)}</strong> <span class="muted">{formatDateTime(entry.occurredAt)}</span>
              {entry.actor !== null && (
                <span class="muted">
                  {' '}
                  · {t('by')} {entry.actor.userId}
                </span>
              )}
              <div>{detailText(entry.details)}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};
