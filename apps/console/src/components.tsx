import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiFailure } from './api';
import { messages } from './i18n';
import { link } from './router';

const t = messages(
  {
    loading: 'Loading…',
    notFoundTitle: 'Not found',
    notFoundBody: 'There is nothing here you may see. It may not exist, or it may belong to someone else’s clients.',
    backHome: 'Back to your start page',
    failed: 'Something went wrong: {message}',
    forbidden: 'Your role may not do this.',
  },
  {
    loading: '加载中…',
    notFoundTitle: '未找到',
    notFoundBody: '这里没有您可以查看的内容。它可能不存在，或属于其他客户经理的客户。',
    backHome: '返回首页',
    failed: '出错了：{message}',
    forbidden: '您的角色无权执行此操作。',
  },
);

/** A page: its title is the document's title and the one h1, focused on arrival for screen readers. */
export const Page = ({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) => {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · CRM`;
    heading.current?.focus();
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </section>
  );
};

export const Loading = () => (
  <p class="loading" role="status">
    {t('loading')}
  </p>
);

/** The one "not found" page: also what a user sees for a client that is not theirs (the API answers 404). */
export const NotFound = () => (
  <Page title={t('notFoundTitle')}>
    <p data-testid="not-found">{t('notFoundBody')}</p>
    <p>
      <a href={link('/')}>{t('backHome')}</a>
    </p>
  </Page>
);

/** An API failure for people: its message (never the request), or the not-found page for a 404. */
export const Failure = ({ error }: { error: Error }) => {
  if (error instanceof ApiFailure && error.status === 404) return <NotFound />;
  const message = error instanceof ApiFailure && error.status === 403 ? t('forbidden') : error.message;
  return (
    <p class="error" role="alert">
      {t('failed', { message })}
    </p>
  );
};

/** A labelled form field with the API's message for it shown beside it and tied to it for assistive technology. */
export const Field = ({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  children: ComponentChildren;
}) => (
  <div class={error === undefined ? 'field' : 'field invalid'}>
    <label for={id}>{label}</label>
    {children}
    {error !== undefined && (
      <p class="field-error" id={`${id}-error`} role="alert">
        {error}
      </p>
    )}
  </div>
);

/** The props that tie an input to its Field's error message. */
export const describedBy = (id: string, error: string | undefined) =>
  error === undefined ? { id } : { id, 'aria-invalid': true as const, 'aria-describedby': `${id}-error` };

/** A labelled text input (or, with `rows`, a text area) wired to its error: the console's one text field. */
export const TextField = (props: {
  id: string;
  label: string;
  error?: string | undefined;
  value: string;
  onValue: (value: string) => void;
  rows?: number;
  type?: 'text' | 'password' | 'datetime-local' | 'date';
}) => {
  const wired = {
    ...describedBy(props.id, props.error),
    value: props.value,
    onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
      props.onValue(event.currentTarget.value),
  };
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {props.rows === undefined ? (
        <input {...wired} type={props.type ?? 'text'} autoComplete={props.type === 'password' ? 'off' : undefined} />
      ) : (
        <textarea {...wired} rows={props.rows} />
      )}
    </Field>
  );
};
