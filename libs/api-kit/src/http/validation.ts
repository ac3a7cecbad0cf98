import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from '@nestjs/common/interfaces/external/validator-options.interface';
import { ApiError, cacheValidationMetadataLookups, type FieldError } from '@crm/platform';

// Every request body is validated through class-validator: its rule lookups are kept (see there).
cacheValidationMetadataLookups();

/** Flattens class-validator's nested errors into `contact.email`-style field paths. */
export const toFieldErrors = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: stripValue(message) }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });

/**
 * class-validator messages never include the rejected value unless a template asks for it; this
 * guard keeps that true for custom messages too, since a value may be personal data.
 */
const stripValue = (message: string): string => message.replace(/\$value/g, 'value');

/**
 * Keys that name (or reach) an object's prototype. class-validator's whitelist looks fields up in
 * a plain object, so `hasOwnProperty`, `constructor`, `__proto__` … are "known" to it and pass
 * `forbidNonWhitelisted`; class-transformer then drops them silently. No DTO has such a field.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** DTOs nest two or three levels; deeper input is an attack on recursive code (stack overflows). */
export const MAX_INPUT_DEPTH = 32;

const isContainer = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The one text policy at the edge, the same whatever store is behind: no NUL, which PostgreSQL
 * cannot keep in text or jsonb (a 500 there, accepted by SQLite), and no unpaired UTF-16
 * surrogate, which is not Unicode text at all and cannot be encoded as UTF-8 without loss.
 */
export const isStorableText = (text: string): boolean => text.isWellFormed() && !text.includes('\u0000');

export const UNSTORABLE_TEXT = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** A path parameter outside the text policy; its value is not echoed. */
export const paramProblemOf = (params: unknown): FieldError | null => {
  if (typeof params !== 'object' || params === null) return null;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && !isStorableText(value)) return { field: name, message: UNSTORABLE_TEXT };
  }
  return null;
};

/**
 * Walks a parsed body or query string (iteratively: the input itself may be deep) and reports
 * the first prototype key, excessive nesting or text outside the policy above as a field error,
 * or null when the input is fine.
 */
export const hostileShapeOf = (input: unknown): FieldError | null => {
  const pending: [unknown, string, number][] = [[input, '', 0]];
  while (pending.length > 0) {
    const [value, path, depth] = pending.pop() as [unknown, string, number];
    if (typeof value === 'string' && !isStorableText(value))
      return { field: path || '(body)', message: UNSTORABLE_TEXT };
    if (!isContainer(value)) continue;
    if (depth >= MAX_INPUT_DEPTH)
      return { field: path || '(body)', message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` };
    for (const key of Object.keys(value)) {
      // The field's name itself is not echoed when it is the problem: the 400 would carry it.
      if (!isStorableText(key)) {
        return {
          field: path || '(body)',
          message: 'has a field name with NUL characters or unpaired UTF-16 surrogates',
        };
      }
      // Bounded: a field path is echoed in the 400, and keys may be as long as the body.
      const field = (path ? `${path}.${key}` : key).slice(0, 200);
      if (PROTOTYPE_KEYS.has(key)) return { field, message: 'is not an allowed field name' };
      pending.push([value[key], field, depth + 1]);
    }
  }
  return null;
};

/**
 * The DTO pipe, refusing hostile shapes before class-transformer or class-validator see them.
 *
 * Most reads send no query string, and class-validator looks a class's rules up anew on every
 * call (scanning every DTO class for parents: ~5 % of a client view's CPU). Whether an empty DTO
 * passes depends on its class alone, so that answer is learnt once per class.
 */
class InputValidationPipe extends ValidationPipe {
  private readonly emptyPasses = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = hostileShapeOf(value);
      if (problem) throw new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', [problem]);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const empty = Reflect.ownKeys(object).length === 0;
    if (empty && this.emptyPasses.has(object.constructor)) return [];
    const errors = await super.validate(object, options);
    if (empty && errors.length === 0) this.emptyPasses.add(object.constructor);
    return errors;
  }
}

/**
 * Whitelisting and forbidding unknown fields makes a stray or misspelt field a 400 rather than
 * silently ignored; transform gives handlers real DTO instances.
 */
export const createValidationPipe = (): ValidationPipe =>
  new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', toFieldErrors(errors)),
  });
