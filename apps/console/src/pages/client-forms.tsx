import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type ApiFailure } from '../api';
import { describedBy, Field, TextField } from '../components';
import { useConsole } from '../console-context';
import { messages } from '../i18n';
import { useLoad } from '../use-load';
import { useWrite } from '../use-write';

const t = messages(
  {
    logContact: 'Log a contact',
    planVisit: 'Plan a visit',
    recordFeedback: 'Record feedback',
    channel: 'Channel',
    purpose: 'Purpose',
    summary: 'Notes',
    occurredAt: 'When (leave empty for now)',
    followUpDue: 'Follow-up due (optional)',
    plannedAt: 'Planned for',
    department: 'Department',
    theme: 'Theme',
    text: 'Feedback',
    save: 'Save',
    saved: 'Saved.',
    visit: 'Visit',
    call: 'Call',
    meeting: 'Meeting',
    email: 'E-mail',
    event: 'Event',
    consultation: 'Consultation',
    wealth_advice: 'Wealth advice',
    product_promotion: 'Product promotion',
    relationship: 'Relationship',
    risk_review: 'Risk review',
    complaint: 'Complaint',
    pricing: 'Pricing',
    features: 'Features',
    service_quality: 'Service quality',
    process: 'Process',
    digital: 'Digital channels',
    other: 'Other',
  },
  {
    logContact: '记录联系',
    planVisit: '计划拜访',
    recordFeedback: '记录反馈',
    channel: '方式',
    purpose: '目的',
    summary: '备注',
    occurredAt: '时间（留空为现在）',
    followUpDue: '跟进期限（可选）',
    plannedAt: '计划时间',
    department: '部门',
    theme: '主题',
    text: '反馈内容',
    save: '保存',
    saved: '已保存。',
    visit: '上门拜访',
    call: '电话',
    meeting: '会面',
    email: '电子邮件',
    event: '活动',
    consultation: '咨询',
    wealth_advice: '财富建议',
    product_promotion: '产品营销',
    relationship: '关系维护',
    risk_review: '风险检查',
    complaint: '投诉',
    pricing: '价格',
    features: '功能',
    service_quality: '服务质量',
    process: '流程',
    digital: '数字渠道',
    other: '其他',
  },
);

const CHANNELS = ['visit', 'call', 'meeting', 'email', 'event'] as const;
const PURPOSES = [
  'consultation',
  'wealth_advice',
  'product_promotion',
  'relationship',
  'risk_review',
  'complaint',
] as const;
const THEMES = ['pricing', 'features', 'service_quality', 'process', 'digital', 'other'] as const;

/** A contact's channel or purpose in the chosen language (the API's code when the console does not know it). */
export const contactWord = (code: string): string =>
  ([...CHANNELS, ...PURPOSES] as readonly string[]).includes(code) ? t(code as (typeof CHANNELS)[number]) : code;

/** `datetime-local` is the user's wall clock; the API takes instants. Empty stays absent. */
const instant = (local: string): string | undefined => (local === '' ? undefined : new Date(local).toISOString());

type Written = (position: string) => void;

/** One write form: sends the body, shows the API's field errors beside the fields, reports the position. */
const useForm = (path: string, onWritten: Written) => {
  const { api } = useConsole();
  const { failure, write } = useWrite(onWritten);
  const [saved, setSaved] = useState(false);
  const send = async (body: Record<string, unknown>): Promise<boolean> => {
    setSaved(false);
    const written = await write(() => api.post<{ position: string }>(path, body));
    setSaved(written);
    return written;
  };
  return { send, failure, saved, error: (field: string) => failure?.forField(field) };
};

const FormFrame = (props: {
  id: string;
  title: string;
  onSubmit: () => void;
  failure: ApiFailure | null;
  saved: boolean;
  children: ComponentChildren;
}) => (
  <form
    class="card"
    aria-labelledby={`${props.id}-title`}
    data-testid={props.id}
    onSubmit={(event) => {
      event.preventDefault();
      props.onSubmit();
    }}
  >
    <h2 id={`${props.id}-title`}>{props.title}</h2>
    {props.children}
    {props.failure !== null && props.failure.errors.length === 0 && (
      <p class="error" role="alert">
        {props.failure.message}
      </p>
    )}
    <button type="submit">{t('save')}</button>
    {props.saved && (
      <span class="muted" role="status">
        {' '}
        {t('saved')}
      </span>
    )}
  </form>
);

const Choice = <K extends string>(props: {
  id: string;
  label: string;
  value: K;
  options: readonly K[];
  words: (key: K) => string;
  error: string | undefined;
  onChange: (value: K) => void;
}) => (
  <Field id={props.id} label={props.label} error={props.error}>
    <select
      {...describedBy(props.id, props.error)}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value as K)}
    >
      {props.options.map((option) => (
        <option key={option} value={option}>
          {props.words(option)}
        </option>
      ))}
    </select>
  </Field>
);

export const ContactForm = ({ clientId, onWritten }: { clientId: string; onWritten: Written }) => {
  const write = useForm(`/v1/clients/${encodeURIComponent(clientId)}/contacts`, onWritten);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('visit');
  const [purpose, setPurpose] = useState<(typeof PURPOSES)[number]>('relationship');
  const [summary, setSummary] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [followUpDue, setFollowUpDue] = useState('');
  const submit = async (): Promise<void> => {
    // The API takes the contact's time as a fact; an empty field means it happened just now.
    const when = instant(occurredAt) ?? new Date().toISOString();
    const body = { channel, purpose, summary, occurredAt: when, followUpDue: instant(followUpDue) };
    if (await write.send(body)) setSummary('');
  };
  return (
    <FormFrame id="contact-form" title={t('logContact')} onSubmit={() => void submit()} {...write}>
      <Choice
        id="contact-channel"
        label={t('channel')}
        value={channel}
        options={CHANNELS}
        words={t}
        error={write.error('channel')}
        onChange={setChannel}
      />
      <Choice
        id="contact-purpose"
        label={t('purpose')}
        value={purpose}
        options={PURPOSES}
        words={t}
        error={write.error('purpose')}
        onChange={setPurpose}
      />
      <TextField
        id="contact-summary"
        label={t('summary')}
        error={write.error('summary')}
        value={summary}
        onValue={setSummary}
        rows={3}
      />
      <TextField
        id="contact-occurred"
        label={t('occurredAt')}
        error={write.error('occurredAt')}
        value={occurredAt}
        onValue={setOccurredAt}
        type="datetime-local"
      />
      <TextField
        id="contact-follow-up"
        label={t('followUpDue')}
        error={write.error('followUpDue')}
        value={followUpDue}
        onValue={setFollowUpDue}
        type="datetime-local"
      />
    </FormFrame>
  );
};

export const VisitForm = ({ clientId, onWritten }: { clientId: string; onWritten: Written }) => {
  const write = useForm(`/v1/clients/${encodeURIComponent(clientId)}/visits`, onWritten);
  const [plannedAt, setPlannedAt] = useState('');
  const [purpose, setPurpose] = useState<(typeof PURPOSES)[number]>('relationship');
  return (
    <FormFrame
      id="visit-form"
      title={t('planVisit')}
      onSubmit={() => void write.send({ plannedAt: instant(plannedAt), purpose })}
      {...write}
    >
      <TextField
        id="visit-planned"
        label={t('plannedAt')}
        error={write.error('plannedAt')}
        value={plannedAt}
        onValue={setPlannedAt}
        type="datetime-local"
      />
      <Choice
        id="visit-purpose"
        label={t('purpose')}
        value={purpose}
        options={PURPOSES}
        words={t}
        error={write.error('purpose')}
        onChange={setPurpose}
      />
    </FormFrame>
  );
};

type Department = Readonly<{ id: string; name: string }>;

export const FeedbackForm = ({ clientId, onWritten }: { clientId: string; onWritten: Written }) => {
  const { api } = useConsole();
  const departments = useLoad(() => api.get<{ items: Department[] }>('/v1/departments'), []);
  const write = useForm(`/v1/clients/${encodeURIComponent(clientId)}/feedback`, onWritten);
  const [department, setDepartment] = useState('');
  const [theme, setTheme] = useState<(typeof THEMES)[number]>('service_quality');
  const [text, setText] = useState('');
  const ids = (departments.data?.items ?? []).map((item) => item.id);
  const chosen = department || ids[0] || '';
  const nameOf = (id: string): string => departments.data?.items.find((item) => item.id === id)?.name ?? id;
  const submit = async (): Promise<void> => {
    if (await write.send({ department: chosen, theme, text })) setText('');
  };
  return (
    <FormFrame id="feedback-form" title={t('recordFeedback')} onSubmit={() => void submit()} {...write}>
      <Choice
        id="feedback-department"
        label={t('department')}
        value={chosen}
        options={ids}
        words={nameOf}
        error={write.error('department')}
        onChange={setDepartment}
      />
      <Choice
        id="feedback-theme"
        label={t('theme')}
        value={theme}
        options={THEMES}
        words={t}
        error={write.error('theme')}
        onChange={setTheme}
      />
      <TextField
        id="feedback-text"
        label={t('text')}
        error={write.error('text')}
        value={text}
        onValue={setText}
        rows={3}
      />
    </FormFrame>
  );
};
