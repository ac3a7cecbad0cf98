import type { ConsoleSettings } from './console-context';

/**
 * Sign-in at the bank's identity provider: OpenID Connect authorization code with PKCE (RFC 7636),
 * as a public client. Only the verifier and the state wait in sessionStorage across the redirect;
 * the access token is kept in memory only, so it never outlives the tab.
 */
type Oidc = NonNullable<ConsoleSettings['oidc']>;

const PENDING = 'crm-console-oidc';

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomText = (): string => base64Url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export const codeChallenge = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

type Discovery = { authorization_endpoint: string; token_endpoint: string };

const discover = async (oidc: Oidc): Promise<Discovery> => {
  const response = await fetch(`${oidc.issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`identity provider discovery answered ${response.status}`);
  return (await response.json()) as Discovery;
};

const redirectUri = (): string => `${window.location.origin}${window.location.pathname}`;

/** Sends the browser to the identity provider's sign-in page. */
export const startOidcSignIn = async (oidc: Oidc): Promise<void> => {
  const discovery = await discover(oidc);
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
};

/** On the way back from the provider: the access token for the code in the URL, or null when there is none. */
export const finishOidcSignIn = async (oidc: Oidc): Promise<string | null> => {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (code === null) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', redirectUri() + window.location.hash);
  if (pending === null || params.get('state') !== pending.state) throw new Error('sign-in state does not match');
  const discovery = await discover(oidc);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`identity provider answered ${response.status}`);
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error('identity provider sent no access token');
  return body.access_token;
};
