import type { PersonalDataOpener } from '@crm/event-store';
import type { ReadModelStore } from './read-model-store.port';

/** The store's repositories: what queries read, and so what is opened. */
const REPOSITORIES: ReadonlySet<string> = new Set<keyof ReadModelStore>([
  'feedback',
  'satisfaction',
  'serviceLevels',
  'riskCases',
  'complaints',
  'agenda',
  'opportunities',
  'clientViews',
  'managers',
  'clientLists',
  'alerts',
  'branchFigures',
]);

/**
 * `store` as the API's queries read it: every repository method's result has its personal-data
 * tokens opened (the client's field, or "[erased]"), so queries sort, filter, mask and serialise
 * plaintext as before, while the tables hold only tokens. The projector keeps the store itself:
 * it must write tokens back, never what this opens.
 */
export const openingReadModelStore = (store: ReadModelStore, opener: PersonalDataOpener): ReadModelStore => {
  const wrapped = new WeakMap<object, object>();
  const opening = <T extends object>(repository: T): T => {
    let proxy = wrapped.get(repository) as T | undefined;
    if (proxy === undefined) {
      proxy = new Proxy(repository, {
        get(target, property) {
          const value: unknown = Reflect.get(target, property, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]): unknown => {
            const result: unknown = Reflect.apply(value, target, args);
            return result instanceof Promise ? result.then((resolved) => opener.openAll(resolved)) : result;
          };
        },
      });
      wrapped.set(repository, proxy);
    }
    return proxy;
  };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property === 'string' && REPOSITORIES.has(property) && typeof value === 'object' && value !== null)
        return opening(value);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
};
