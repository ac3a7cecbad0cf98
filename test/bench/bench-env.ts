/**
 * A positive number from the environment variable `name`, or `fallback` when it is unset or
 * empty; anything else fails the run before it starts, rather than measuring with NaN.
 */
export const positiveFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};
