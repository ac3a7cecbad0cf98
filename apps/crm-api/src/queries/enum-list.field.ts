import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateIf } from 'class-validator';
import { toList } from './query-list.transform';

/**
 * An optional query parameter holding one or several values of `values`, repeated or comma-separated
 * (`severity=high&severity=critical`, `severity=high,critical`), refused with one message naming them.
 */
export const EnumListField = (
  name: string,
  values: readonly string[],
  options: Readonly<{ description: string; example: string }>,
) => {
  const message = `${name} must be one or several of: ${values.join(', ')}`;
  return applyDecorators(
    ApiPropertyOptional({ description: options.description, enum: values, isArray: true, example: options.example }),
    ValidateIf((_: object, value: unknown) => value !== undefined),
    Transform(toList),
    IsArray({ message }),
    ArrayMinSize(1),
    ArrayMaxSize(values.length * 2),
    IsIn([...values], { each: true, message }),
  );
};
