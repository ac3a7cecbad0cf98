import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/clients/c-1`): the API serves the console as plain static files, so every page
 * is one URL the server needs no fallback for, and a reload stays on the page.
 */
export type Route = Readonly<{ path: string; segments: readonly string[]; query: URLSearchParams }>;

const parse = (hash: string): Route => {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return {
    path,
    segments: path
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
};

export const currentRoute = (): Route => parse(window.location.hash);

export const navigate = (path: string): void => {
  window.location.hash = `#${path}`;
};

/** `href` for a link to a console path. */
export const link = (path: string): string => `#${path}`;

export const useRoute = (): Route => {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = (): void => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
};
