/**
 * Masking of client personal data for roles that see clients without their contact details (risk
 * officers): registration numbers and contact details are masked, free text about contacts is
 * hidden. `maskPersonalData` is the one transformation every answer carrying client data goes
 * through for such a role (registerPersonalDataMasking); the field maskers are exported for tests.
 */

/** What erasure leaves in place of personal data; there is nothing left to mask. */
const ERASED = '[erased]';
const STARS = '********';

export type MaskedIdentifier = 'registrationNo' | 'phone' | 'email';

/**
 * A registration number with at most its first and last 4 characters kept (a quarter of it each
 * side for short ones) and a fixed 8 stars between, so the masked form does not tell its length:
 * `91310000MA1FL0001X` → `9131********001X`.
 */
export const maskRegistrationNo = (value: string): string => {
  if (value === ERASED) return value;
  const chars = [...value];
  const keep = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, keep).join('')}${STARS}${keep === 0 ? '' : chars.slice(-keep).join('')}`;
};

/**
 * A phone number with its digits masked in place, separators kept: at least 4 digits (and all but 8)
 * masked, up to 4 kept at the end and the rest at the start, so the country and area code and the
 * last 4 digits stay: `+86 21 5555 0100` → `+86 21 **** 0100`, `13812345678` → `138****5678`.
 */
export const maskPhone = (value: string): string => {
  if (value === ERASED) return value;
  const digits = [...value].filter((c) => c >= '0' && c <= '9').length;
  const kept = Math.max(0, digits - Math.max(4, digits - 8));
  const keepEnd = Math.min(4, Math.ceil(kept / 2));
  const keepStart = kept - keepEnd;
  let index = 0;
  return [...value]
    .map((c) => {
      if (c < '0' || c > '9') return c;
      const position = index++;
      return position < keepStart || position >= digits - keepEnd ? c : '*';
    })
    .join('');
};

/** An e-mail address with its local part reduced to its first character: `cfo@example.cn` → `c***@example.cn`. */
export const maskEmail = (value: string): string => {
  if (value === ERASED) return value;
  const at = value.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${[...value.slice(0, at)][0]}***${value.slice(at)}`;
};

const MASKERS: Readonly<Record<MaskedIdentifier, (value: string) => string>> = {
  registrationNo: maskRegistrationNo,
  phone: maskPhone,
  email: maskEmail,
};

/** The one masking function for identifiers: the masked form of `value` as a `kind` field. */
export const maskIdentifier = (kind: MaskedIdentifier, value: string): string => MASKERS[kind](value);

/**
 * Free-text fields about contacts (summaries, notes, feedback and complaint text, a department's
 * answers to feedback, survey comments, task titles): hidden.
 */
export const HIDDEN_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'summary',
  'text',
  'note',
  'comment',
  'title',
  'answer',
]);

const isMaskedField = (key: string): key is MaskedIdentifier => Object.prototype.hasOwnProperty.call(MASKERS, key);

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * A copy of `body` (any JSON answer: a client view, a timeline page, a list) with every
 * `registrationNo`, `phone` and `email` string masked and every free-text field (`summary`, `text`,
 * `note`, `comment`, `title`, `answer`) removed, at any depth. By field name, so a field added to a view later is
 * masked without anyone remembering to; only answers about clients go through it (alerts keep the
 * officers' own notes).
 */
export const maskPersonalData = <T>(body: T): T => mask(body) as T;

const mask = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(mask);
  if (!isPlainObject(value)) return value;
  const masked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (HIDDEN_TEXT_FIELDS.has(key)) continue;
    masked[key] = isMaskedField(key) && typeof field === 'string' ? maskIdentifier(key, field) : mask(field);
  }
  return masked;
};
