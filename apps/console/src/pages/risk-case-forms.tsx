import { useState } from 'preact/hooks';
import { TextField } from '../components';
import { useConsole, usePrincipal } from '../console-context';
import type { ApiFailure } from '../api';
import { formatDateTime, messages } from '../i18n';
import { useWrite } from '../use-write';
import type { RiskCase } from './risk-case-context';

type Done = (position: string) => void;

const t = messages(
  {
    comments: 'Comments',
    noComments: 'No comments yet.',
    comment: 'Comment',
    add: 'Add comment',
    assignment: 'Assignment',
    assignee: 'Assignee (user id)',
    assign: 'Assign',
    assigned: 'Assigned to {user}.',
    closedCase: 'The case is closed: it can no longer be assigned.',
  },
  {
    comments: '评论',
    noComments: '尚无评论。',
    comment: '评论',
    add: '添加评论',
    assignment: '分配',
    assignee: '负责人（用户编号）',
    assign: '分配',
    assigned: '已分配给 {user}。',
    closedCase: '案件已结案，不能再分配。',
  },
);

/** The message beside `field`, or the general one when the API named no field. */
const messageFor = (failure: ApiFailure | null, field: string): string | undefined =>
  failure === null
    ? undefined
    : (failure.forField(field) ?? (failure.errors.length === 0 ? failure.message : undefined));

export const Comments = ({ riskCase, onDone }: { riskCase: RiskCase; onDone: Done }) => {
  const { api } = useConsole();
  const [text, setText] = useState('');
  const { failure, write } = useWrite(onDone);
  const submit = async (): Promise<void> => {
    const path = `/v1/risk-cases/${encodeURIComponent(riskCase.id)}/comments`;
    if (await write(() => api.post<{ position: string }>(path, { text }))) setText('');
  };
  return (
    <section class="card" aria-labelledby="case-comments">
      <h2 id="case-comments">{t('comments')}</h2>
      {riskCase.comments.length === 0 ? (
        <p class="muted">{t('noComments')}</p>
      ) : (
        <ul data-testid="case-comments">
          {riskCase.comments.map((comment) => (
            <li key={comment.commentId}>
              {comment.body}{' '}
              <span class="muted">
                · {comment.author} · {formatDateTime(comment.commentedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => (event.preventDefault(), void submit())}>
        <TextField
          id="case-comment"
          label={t('comment')}
          error={messageFor(failure, 'text')}
          value={text}
          onValue={setText}
          rows={3}
        />
        <button type="submit">{t('add')}</button>
      </form>
    </section>
  );
};

export const Assignment = ({ riskCase, onDone }: { riskCase: RiskCase; onDone: Done }) => {
  const { api } = useConsole();
  const principal = usePrincipal();
  const [assignee, setAssignee] = useState(riskCase.assignee ?? principal.userId);
  const { failure, write } = useWrite(onDone);
  const submit = (): void => {
    const path = `/v1/risk-cases/${encodeURIComponent(riskCase.id)}/assignee`;
    void write(() => api.put<{ position: string }>(path, { assignee: assignee.trim() }));
  };
  return (
    <section class="card" aria-labelledby="case-assignment">
      <h2 id="case-assignment">{t('assignment')}</h2>
      {riskCase.assignee !== null && <p data-testid="case-assignee">{t('assigned', { user: riskCase.assignee })}</p>}
      {riskCase.status === 'closed' ? (
        <p class="muted">{t('closedCase')}</p>
      ) : (
        <form class="toolbar" onSubmit={(event) => (event.preventDefault(), submit())}>
          <TextField
            id="case-assignee-id"
            label={t('assignee')}
            error={messageFor(failure, 'assignee')}
            value={assignee}
            onValue={setAssignee}
          />
          <button type="submit">{t('assign')}</button>
        </form>
      )}
    </section>
  );
};
