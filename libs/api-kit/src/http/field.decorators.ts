import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DECIMAL_PATTERN, SIGNED_DECIMAL_PATTERN } from '@crm/domain';

/**
 * Field decorators shared by every request DTO: each one validates and documents a field in one
 * place, so the OpenAPI document cannot drift from what the API accepts.
 */
type Options = Readonly<{ optional?: boolean; description?: string; example?: unknown }>;

const documented = (type: 'string' | 'integer', options: Options, extra: Record<string, unknown> = {}) =>
  options.optional
    ? ApiPropertyOptional({ type, description: options.description, example: options.example, ...extra })
    : ApiProperty({ type, description: options.description, example: options.example, ...extra });

/** An explicit `null` is rejected like a wrong type; only absence makes an optional field optional. */
const optionality = (options: Options) =>
  options.optional ? [ValidateIf((_: object, value: unknown) => value !== undefined)] : [];

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Free text: trimmed, non-empty, bounded. */
export const TextField = (maxLength: number, options: Options = {}) =>
  applyDecorators(
    documented('string', options, { maxLength }),
    ...optionality(options),
    trim,
    IsString(),
    MinLength(1, { message: '$property must not be empty' }),
    MaxLength(maxLength),
  );

/** An identifier or code: letters, digits and _ . - only. */
export const CodeField = (maxLength: number, options: Options = {}) =>
  applyDecorators(
    documented('string', options, { maxLength, pattern: '^[A-Za-z0-9_.-]+$' }),
    ...optionality(options),
    IsString(),
    MaxLength(maxLength),
    Matches(/^[A-Za-z0-9_.-]+$/, { message: '$property must contain only letters, digits, _ . -' }),
  );

export const EnumField = (values: readonly string[], options: Options = {}) =>
  applyDecorators(
    documented('string', options, { enum: values }),
    ...optionality(options),
    IsString(),
    IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }),
  );

/** Amounts are decimal strings, never JSON numbers: floats cannot carry money exactly. */
export const AmountField = (options: Options & { signed?: boolean } = {}) =>
  applyDecorators(
    documented(
      'string',
      { example: '5000000.00', ...options },
      { pattern: (options.signed ? SIGNED_DECIMAL_PATTERN : DECIMAL_PATTERN).source },
    ),
    ...optionality(options),
    IsString({ message: '$property must be a decimal string such as "5000000.00", not a number' }),
    Matches(options.signed ? SIGNED_DECIMAL_PATTERN : DECIMAL_PATTERN, {
      message: `$property must be a ${options.signed ? '' : 'non-negative '}decimal string with at most 4 decimals`,
    }),
  );

export const CurrencyField = (options: Options = {}) =>
  applyDecorators(
    documented('string', { example: 'CNY', ...options }, { pattern: '^[A-Z]{3}$' }),
    ...optionality(options),
    IsString(),
    Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as CNY' }),
  );

/** An instant with a time zone, normalised to UTC by the controller. */
export const TimeField = (options: Options = {}) =>
  applyDecorators(
    documented('string', { example: '2026-03-01T09:30:00Z', ...options }, { format: 'date-time' }),
    ...optionality(options),
    IsString(),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' }),
    Matches(/(Z|[+-]\d{2}:?\d{2})$|^\d{4}-\d{2}-\d{2}$/, {
      message: '$property must include a time zone (Z or ±hh:mm)',
    }),
  );

export const IntegerField = (min: number, max: number, options: Options = {}) =>
  applyDecorators(
    documented('integer', options, { minimum: min, maximum: max }),
    ...optionality(options),
    IsInt(),
    Min(min),
    Max(max),
  );

/** A calendar date of the bank (YYYY-MM-DD, no time, no zone): a real date, 2026-02-30 is refused. */
export const DateField = (options: Options = {}) =>
  applyDecorators(
    documented('string', { example: '2026-03-01', ...options }, { format: 'date' }),
    ...optionality(options),
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date (YYYY-MM-DD)' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date (YYYY-MM-DD)' }),
  );
