import type { RiskRuleId } from './risk-rule-id';

const PLAIN = /[A-Za-z0-9.-]/;

const escapeId = (value: string): string =>
  Array.from(value, (char) => (PLAIN.test(char) ? char : `_${(char.codePointAt(0) ?? 0).toString(16)}_`)).join('');

/**
 * Alert ids are derived, never random: the same (rule, client, episode) always names the same
 * alert stream, so a redelivered event or a replayed reading lands on the alert it already
 * raised instead of raising a second one.
 *
 * The id is `<ruleId>.<clientId>.<episode>` and must be safe in a URL path and a stream id
 * (letters, digits, `.`, `-`, `_`). Client ids are uuids and pass through unchanged; any other
 * character is written as `_<hex code point>_`, and `_` itself is escaped the same way, so the
 * encoding stays one-to-one (two clients can never share an alert id). Consumers must still treat
 * alert ids as opaque.
 */
export const alertIdFor = (ruleId: RiskRuleId, clientId: string, episode: number): string => {
  if (!Number.isInteger(episode) || episode < 1) throw new RangeError('episode must be a positive integer');
  return `${ruleId}.${escapeId(clientId)}.${episode}`;
};
