import { useState } from 'preact/hooks';
import { Page, TextField } from '../components';
import { messages } from '../i18n';
import { navigate } from '../router';
import { AccessLog } from './dpo-access-log';
import { Erasure } from './dpo-erasure';

const t = messages(
  {
    title: 'Data protection',
    clientTitle: 'Data protection: client {client}',
    intro: 'Open a client by its id to see who read its data, or to erase its personal data.',
    clientId: 'Client id',
    open: 'Open',
  },
  {
    title: '数据保护',
    clientTitle: '数据保护：客户 {client}',
    intro: '输入客户编号，查看谁查看过该客户的数据，或删除其个人信息。',
    clientId: '客户编号',
    open: '打开',
  },
);

const OpenClient = ({ clientId }: { clientId: string | null }) => {
  const [text, setText] = useState(clientId ?? '');
  const open = (event: Event): void => {
    event.preventDefault();
    if (text.trim() !== '') navigate(`/dpo/clients/${encodeURIComponent(text.trim())}`);
  };
  return (
    <form class="toolbar" onSubmit={open} data-testid="dpo-open-client">
      <TextField id="dpo-client" label={t('clientId')} value={text} onValue={setText} />
      <button type="submit">{t('open')}</button>
    </form>
  );
};

/** The client's page for the DPO; reads the access log again after an erasure, as after any write. */
const ClientPanel = ({ clientId }: { clientId: string }) => {
  const [round, setRound] = useState(0);
  return (
    <div data-testid="dpo-client-page">
      <AccessLog clientId={clientId} round={round} />
      <Erasure clientId={clientId} onErased={() => setRound((value) => value + 1)} />
    </div>
  );
};

/** `#/dpo` opens a client by id; `#/dpo/clients/<id>` is that client's access log and erasure. */
export const DataProtection = ({ clientId }: { clientId: string | null }) => (
  <Page title={clientId === null ? t('title') : t('clientTitle', { client: clientId })}>
    <p>{t('intro')}</p>
    <OpenClient key={clientId ?? ''} clientId={clientId} />
    {clientId !== null && <ClientPanel key={clientId} clientId={clientId} />}
  </Page>
);
