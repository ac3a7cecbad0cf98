import { useState } from 'preact/hooks';
import { Failure, Loading, Page } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import { formatDate, messages } from '../i18n';
import { link, navigate } from '../router';
import { useLoad } from '../use-load';
import { ContactForm, FeedbackForm, VisitForm } from './client-forms';
import { ContactsSection, TimelineSection } from './client-history';
import { RiskSection } from './client-risk';
import { AlertsSection, CreditSection, ProductsSection, ProfileSection, type ClientView } from './client-sections';

const t = messages(
  {
    client: 'Client',
    asOf: 'As of (end of day)',
    show: 'Show',
    now: 'Back to now',
    pastView: 'As it stood at the end of {date}: read only.',
    daily: 'Daily work',
  },
  {
    client: '客户',
    asOf: '查看历史（当日终）',
    show: '查看',
    now: '回到当前',
    pastView: '{date} 日终时的状态：只读。',
    daily: '日常工作',
  },
);

/** Roles whose daily writes the forms are for; the API refuses the others anyway. */
const WRITERS = new Set(['relationship_manager', 'branch_head', 'admin']);

/** The end of a bank date (Asia/Shanghai, UTC+8 all year) as the instant the API takes for `asOf`. */
const endOfBankDay = (date: string): string => new Date(`${date}T23:59:59.999+08:00`).toISOString();

const AsOfPicker = ({ clientId, asOf }: { clientId: string; asOf: string | null }) => {
  const [date, setDate] = useState(asOf?.slice(0, 10) ?? '');
  return (
    <form
      class="toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(date === '' ? `/clients/${clientId}` : `/clients/${clientId}?asOf=${date}`);
      }}
    >
      <div class="field">
        <label for="client-as-of">{t('asOf')}</label>
        <input id="client-as-of" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </div>
      <button type="submit" class="secondary">
        {t('show')}
      </button>
      {asOf !== null && <a href={link(`/clients/${clientId}`)}>{t('now')}</a>}
    </form>
  );
};

const DailyWork = ({ clientId, onWritten }: { clientId: string; onWritten: (position: string) => void }) => (
  <section aria-label={t('daily')} class="grid">
    <ContactForm clientId={clientId} onWritten={onWritten} />
    <VisitForm clientId={clientId} onWritten={onWritten} />
    <FeedbackForm clientId={clientId} onWritten={onWritten} />
  </section>
);

export const ClientPage = ({ clientId, asOf }: { clientId: string; asOf: string | null }) => {
  const { api } = useConsole();
  const principal = usePrincipal();
  const [written, setWritten] = useState<string | null>(null);
  const id = encodeURIComponent(clientId);
  const query =
    asOf !== null
      ? `?asOf=${encodeURIComponent(/^\d{4}-\d{2}-\d{2}$/.test(asOf) ? endOfBankDay(asOf) : asOf)}`
      : written !== null
        ? `?minPosition=${written}`
        : '';
  const loaded = useLoad(() => api.get<ClientView>(`/v1/clients/${id}${query}`), [id, query]);
  if (loaded.error !== null) return <Failure error={loaded.error} />;
  const view = loaded.data;
  if (view === null) return <Loading />;
  return (
    <Page title={view.legalName} actions={<AsOfPicker clientId={clientId} asOf={asOf} />}>
      <div data-testid="client-view">
        {asOf !== null && (
          <p class="card" role="status">
            {t('pastView', { date: formatDate(asOf.slice(0, 10)) })}
          </p>
        )}
        <ProfileSection view={view} />
        <CreditSection view={view} />
        <ProductsSection view={view} />
        <AlertsSection view={view} />
        <RiskSection
          clientId={clientId}
          flags={view.riskFlags ?? []}
          live={asOf === null}
          viewPosition={view.position}
        />
        {asOf === null && WRITERS.has(principal.role) && <DailyWork clientId={clientId} onWritten={setWritten} />}
        {asOf === null && (
          <>
            <ContactsSection clientId={clientId} viewPosition={view.position} />
            <TimelineSection clientId={clientId} minPosition={written} />
          </>
        )}
      </div>
    </Page>
  );
};
