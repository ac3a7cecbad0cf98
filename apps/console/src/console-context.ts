import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { Principal } from './session';

/** What the API tells the console before sign-in (GET /console/config.json). */
export type ConsoleSettings = Readonly<{
  devTokens: boolean;
  oidc: Readonly<{ issuer: string; clientId: string; scope: string }> | null;
}>;

export type ConsoleState = Readonly<{
  api: Api;
  settings: ConsoleSettings;
  principal: Principal | null;
  signIn: (token: string) => boolean;
  signOut: () => void;
}>;

export const ConsoleContext = createContext<ConsoleState | null>(null);

export const useConsole = (): ConsoleState => {
  const state = useContext(ConsoleContext);
  if (state === null) throw new Error('useConsole outside the console');
  return state;
};

/** The signed-in principal (pages other than sign-in render only once someone is signed in). */
export const usePrincipal = (): Principal => {
  const { principal } = useConsole();
  if (principal === null) throw new Error('usePrincipal before sign-in');
  return principal;
};
