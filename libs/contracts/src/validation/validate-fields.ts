import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { cacheValidationMetadataLookups } from '@crm/platform';
import { contractFieldsOf } from '../fields/field-registry';

cacheValidationMetadataLookups();

/**
 * Runs a contract class's checks over a plain object. Unknown properties are errors, not silently
 * dropped: a field the contract does not know could be personal data riding along.
 */
const OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // Keeps offending values out of the error objects altogether, not just out of our strings.
  validationError: { target: false, value: false },
};

/** Unknown property names come from the sender; echo only ones that look like field names. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const safeName = (name: string): string => (FIELD_NAME.test(name) ? name : '<unnamed>');

const pathOf = (parent: string, property: string): string => (parent === '' ? property : `${parent}.${property}`);

/**
 * Builds an instance from the allowed properties only, without running setters. The allow-list is
 * ours, not class-validator's: its whitelist lets `__proto__` and `constructor` through.
 */
const instantiate = (
  dataClass: new () => object,
  plain: Readonly<Record<string, unknown>>,
  allowed: ReadonlySet<string>,
): object => {
  const instance = new dataClass();
  for (const key of Object.keys(plain)) {
    if (!allowed.has(key)) continue;
    Object.defineProperty(instance, key, { value: plain[key], enumerable: true, writable: true, configurable: true });
  }
  return instance;
};

const describe = (error: ValidationError, parent: string): string[] => {
  const path = pathOf(parent, safeName(error.property));
  const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
    // The library's whitelist message embeds the raw property name; ours uses the sanitised path.
    constraint === 'whitelistValidation' ? `${path} is not part of the contract` : `${path} ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
};

/** Error strings name the field and the rule, never the value. Empty when the object is valid. */
export const validateFields = (
  dataClass: new () => object,
  plain: Readonly<Record<string, unknown>>,
  parent = '',
): string[] => {
  const allowed = contractFieldsOf(dataClass);
  const unknown = Object.keys(plain)
    .filter((key) => !allowed.has(key))
    .map((key) => `${pathOf(parent, safeName(key))} is not part of the contract`);
  // A contract without fields (PersonalDataErased: the subject says it all): class-validator refuses
  // an instance of a class it has no metadata for, so only the unknown properties are errors.
  if (allowed.size === 0) return unknown;
  const checked = validateSync(instantiate(dataClass, plain, allowed), OPTIONS).flatMap((error) =>
    describe(error, parent),
  );
  return [...new Set([...unknown, ...checked])];
};
