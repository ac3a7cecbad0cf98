import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldError } from './api-error';

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
 * Whitelisting and forbidding unknown fields makes a stray or misspelt field a 400 rather than
 * silently ignored; transform gives handlers real DTO instances.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ApiError(400, 'REQUEST.INVALID', 'The request is invalid.', toFieldErrors(errors)),
  });
