import type { ClientView } from '../client-view/client-view';

/**
 * Whether a view's new state may be found by other terms than its committed one: new, renamed,
 * given another registration number, or erased. A sealed name is a token bound to the event that
 * set it, so an unchanged token is an unchanged value; a profile update that leaves both alone (an
 * industry, a phone number) needs no new terms, each a keyed hash and a row (~40 a client).
 */
export const searchedValuesDiffer = (before: ClientView | null, after: ClientView): boolean =>
  before === null ||
  before.legalName !== after.legalName ||
  before.registrationNo !== after.registrationNo ||
  before.erasedAt !== after.erasedAt;
