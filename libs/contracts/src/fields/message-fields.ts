import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { CLIENT_CONTEXT_SCHEMA, isMessageClientContext } from './client-context';
import { ContractField } from './field-registry';
import {
  ALERT_ID_PATTERN,
  CODE_PATTERN,
  CURRENCY_PATTERN,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  INSTANT_PATTERN,
  PERIOD_PATTERN,
  RISK_CASE_ID_PATTERN,
  SIGNED_DECIMAL_PATTERN,
  TOKEN_PATTERN,
} from './patterns';

/**
 * Field decorators of the integration messages. Each one validates a field and carries everything
 * the schema generator needs, so the published JSON Schema cannot drift from what is enforced.
 * Messages name the rule and never the value: values may be hostile or personal.
 */

export type FieldOptions = Readonly<{ description: string; optional?: boolean }>;

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };

/** Absent is fine for an optional field, an explicit null is not (JSON Schema sees it the same way). */
const optionality = (options: FieldOptions): PropertyDecorator[] =>
  options.optional ? [ValidateIf((_: object, value: unknown) => value !== undefined)] : [];

const field = (options: FieldOptions, ...validators: PropertyDecorator[]): PropertyDecorator =>
  compose(...optionality(options), ...validators, ContractField(options.description));

const patterned = (pattern: RegExp, message: string, options: FieldOptions): PropertyDecorator =>
  field(options, IsString({ message }), Matches(pattern, { message }));

export const IdField = (options: FieldOptions): PropertyDecorator =>
  patterned(CODE_PATTERN, 'must be an id of 1-64 letters, digits, _ . -', options);

export const AlertIdField = (options: FieldOptions): PropertyDecorator =>
  patterned(ALERT_ID_PATTERN, 'must be an alert id of 1-128 letters, digits, _ . -', options);

export const RiskCaseIdField = (options: FieldOptions): PropertyDecorator =>
  patterned(RISK_CASE_ID_PATTERN, 'must be a risk case id of 1-128 letters, digits, _ . -', options);

/** A credit proposal id, `<clientId>.<n>` like a risk case's. */
export const CreditProposalIdField = (options: FieldOptions): PropertyDecorator =>
  patterned(RISK_CASE_ID_PATTERN, 'must be a credit proposal id of 1-128 letters, digits, _ . -', options);

export const CodeField = (options: FieldOptions): PropertyDecorator =>
  patterned(CODE_PATTERN, 'must be a code of 1-64 letters, digits, _ . -', options);

/** A short classification the API accepts as free text (industry, source): bounded, never empty. */
export const LabelField = (maxLength: number, options: FieldOptions): PropertyDecorator =>
  field(
    options,
    IsString({ message: 'must be a string' }),
    MinLength(1, { message: 'must not be empty' }),
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
  );

export const EnumField = (values: readonly string[], options: FieldOptions): PropertyDecorator =>
  field(options, IsIn([...values], { message: `must be one of ${values.join(', ')}` }));

/** The first value on a scale has no predecessor, so `from` is present but null. */
export const NullableEnumField = (values: readonly string[], options: FieldOptions): PropertyDecorator =>
  field(
    options,
    ValidateBy({
      name: 'isNullOrIn',
      constraints: [[...values]],
      validator: {
        validate: (value: unknown) => value === null || (typeof value === 'string' && values.includes(value)),
        defaultMessage: () => `must be null or one of ${values.join(', ')}`,
      },
    }),
  );

/** An id that may be null (no manager covers the client yet): present, null or a code. */
export const NullableCodeField = (options: FieldOptions): PropertyDecorator =>
  field(
    options,
    ValidateBy({
      name: 'isNullOrCode',
      constraints: [CODE_PATTERN.source],
      validator: {
        validate: (value: unknown) => value === null || (typeof value === 'string' && CODE_PATTERN.test(value)),
        defaultMessage: () => 'must be null or a code of 1-64 letters, digits, _ . -',
      },
    }),
  );

export const AmountField = (options: FieldOptions & { signed?: boolean }): PropertyDecorator =>
  options.signed
    ? patterned(SIGNED_DECIMAL_PATTERN, 'must be a decimal string with at most 4 decimals', options)
    : patterned(DECIMAL_PATTERN, 'must be a non-negative decimal string with at most 4 decimals', options);

export const CurrencyField = (options: FieldOptions): PropertyDecorator =>
  patterned(CURRENCY_PATTERN, 'must be a 3-letter upper-case ISO 4217 code', options);

export const InstantField = (options: FieldOptions): PropertyDecorator =>
  patterned(INSTANT_PATTERN, 'must be an ISO-8601 timestamp with a time zone', options);

export const DateField = (options: FieldOptions): PropertyDecorator =>
  patterned(DATE_PATTERN, 'must be a date (YYYY-MM-DD)', options);

/** A date that may be null (no maturity, no review set): present, null or a date. */
export const NullableDateField = (options: FieldOptions): PropertyDecorator =>
  field(
    options,
    ValidateBy({
      name: 'isNullOrDate',
      constraints: [DATE_PATTERN.source],
      validator: {
        validate: (value: unknown) => value === null || (typeof value === 'string' && DATE_PATTERN.test(value)),
        defaultMessage: () => 'must be null or a date (YYYY-MM-DD)',
      },
    }),
  );

export const PeriodField = (options: FieldOptions): PropertyDecorator =>
  patterned(PERIOD_PATTERN, 'must be a period such as 2026, 2026-Q1, 2026-H1 or 2026-03', options);

export const IntegerField = (min: number, max: number, options: FieldOptions): PropertyDecorator =>
  field(
    options,
    IsInt({ message: 'must be an integer' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );

export const BooleanField = (options: FieldOptions): PropertyDecorator =>
  field(options, IsBoolean({ message: 'must be true or false' }));

export const EnumSetField = (values: readonly string[], options: FieldOptions): PropertyDecorator =>
  field(
    options,
    IsArray({ message: 'must be an array' }),
    ArrayMinSize(1, { message: 'must not be empty' }),
    ArrayMaxSize(values.length, { message: `must have at most ${values.length} items` }),
    ArrayUnique({ message: 'must not repeat items' }),
    IsIn([...values], { each: true, message: `items must be one of ${values.join(', ')}` }),
  );

/** Ids of stored events (the `id` of their messages), possibly none; order kept, repeats allowed. */
export const EventIdListField = (maxItems: number, options: FieldOptions): PropertyDecorator => {
  const message = 'items must be event ids of 1-128 letters, digits, _ . : -';
  return field(
    options,
    IsArray({ message: 'must be an array' }),
    ArrayMaxSize(maxItems, { message: `must have at most ${maxItems} items` }),
    IsString({ each: true, message }),
    Matches(TOKEN_PATTERN, { each: true, message }),
  );
};

/** A fixed value of the envelope (spec version, content type). */
export const ConstField = (value: string, options: FieldOptions): PropertyDecorator =>
  field(options, Equals(value, { message: `must be ${value}` }));

export const PatternField = (pattern: RegExp, rule: string, options: FieldOptions): PropertyDecorator =>
  patterned(pattern, rule, options);

export const ObjectField = (options: FieldOptions): PropertyDecorator =>
  field(options, IsObject({ message: 'must be a JSON object' }));

/** A client message's routing context (branch, segment, tier, manager); see client-context.ts. */
export const ClientContextField = (options: FieldOptions): PropertyDecorator =>
  field(
    options,
    ValidateBy({
      name: 'isClientContext',
      constraints: [CLIENT_CONTEXT_SCHEMA],
      validator: {
        validate: isMessageClientContext,
        defaultMessage: () =>
          'must be { branchId, segment, tier, managerId } with a branch code, a segment, a tier or null and a manager code or null',
      },
    }),
  );
