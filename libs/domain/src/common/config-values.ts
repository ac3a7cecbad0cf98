/**
 * What the validators of the configuration files (risk rules, bank calendar, departments,
 * satisfaction targets) share: they read parsed YAML, which is `unknown` until checked.
 */

export const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SHOWN_LENGTH = 40;

/** A value as a problem may quote it: short, and never a whole nested structure. */
export const shownValue = (value: unknown): string => {
  const text = Array.isArray(value) ? 'a list' : isMapping(value) ? 'a mapping' : String(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
};
