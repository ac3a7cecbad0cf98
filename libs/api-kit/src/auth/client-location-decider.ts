import { clientDecider, FingerprintSet, noContacts, type ClientState } from '@crm/domain';

const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * The client decider as the access guard's locator folds a client's stream: the same evolve, then
 * the collections that grow with every contact, complaint, survey and feedback emptied. The locator
 * reads only the branch, the covering manager and the team (a backup and at most ten specialists,
 * kept as folded), and its cached states held every contact the
 * client ever had, on top of the command cache's own copy, growing the API's heap for as long as
 * contacts are logged (the soak bench). Evolve ignores events about
 * entries it does not know, so later events still fold.
 */
export const clientLocationDecider: typeof clientDecider = {
  ...clientDecider,
  evolve: (state, event): ClientState => {
    const next = clientDecider.evolve(state, event);
    return next.status === 'none'
      ? next
      : {
          ...next,
          contacts: noContacts,
          complaints: NO_ENTRIES,
          surveyIds: FingerprintSet.empty(),
          feedback: NO_ENTRIES,
        };
  },
};
