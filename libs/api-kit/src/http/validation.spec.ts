import 'reflect-metadata';
import { Type } from 'class-transformer';
import * as classValidator from 'class-validator';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { ApiError } from '@crm/platform';
import { createValidationPipe, hostileShapeOf, MAX_INPUT_DEPTH } from './validation';

class ContactDto {
  @IsOptional() @IsString() phone?: string;
}

class ProspectDto {
  @IsString() legalName!: string;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

class ListQueryDto {
  @IsOptional() @IsString() cursor?: string;
}

const refusal = async (body: string, type: 'body' | 'query' = 'body'): Promise<ApiError> => {
  try {
    await createValidationPipe().transform(JSON.parse(body), { type, metatype: ProspectDto });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`accepted ${body}`);
};

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { legalName: value };
  return value;
};

describe('createValidationPipe', () => {
  it('accepts a well-formed body', async () => {
    const dto = await createValidationPipe().transform(
      { legalName: 'Acme', contact: { phone: '1' } },
      { type: 'body', metatype: ProspectDto },
    );
    expect(dto).toBeInstanceOf(ProspectDto);
  });

  // JSON.parse makes `__proto__` an own key, as Fastify's parser would if it let one through.
  it.each([
    ['{"legalName":"x","__proto__":{"admin":true}}', '__proto__'],
    ['{"legalName":"x","constructor":{"prototype":{"admin":true}}}', 'constructor'],
    ['{"legalName":"x","hasOwnProperty":1}', 'hasOwnProperty'],
    ['{"legalName":"x","isPrototypeOf":1}', 'isPrototypeOf'],
    ['{"legalName":"x","toString":"y"}', 'toString'],
    ['{"legalName":"x","contact":{"hasOwnProperty":"y"}}', 'contact.hasOwnProperty'],
    ['{"legalName":"x","contact":{"prototype":"y"}}', 'contact.prototype'],
  ])('refuses %s with a 400 naming %s', async (body, field) => {
    const error = await refusal(body);
    expect(error.status).toBe(400);
    expect(error.code).toBe('REQUEST.INVALID');
    expect(error.errors).toEqual([{ field, message: 'is not an allowed field name' }]);
  });

  it('refuses prototype keys in a query string too', async () => {
    expect((await refusal('{"legalName":"x","__proto__":"1"}', 'query')).errors[0].field).toBe('__proto__');
  });

  it('refuses input nested deeper than the limit without recursing into it', async () => {
    expect(hostileShapeOf(nested(MAX_INPUT_DEPTH - 1))).toBeNull();
    expect(hostileShapeOf(nested(MAX_INPUT_DEPTH + 1))).toMatchObject({ message: expect.stringMatching(/nested/) });
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(hostileShapeOf(deep)).toMatchObject({ field: expect.any(String) });
    expect((await refusal(JSON.stringify(nested(100)))).status).toBe(400);
  });

  it('refuses NUL and unpaired surrogates anywhere in the input, and keeps every well-formed text', () => {
    const unstorable = expect.stringMatching(/NUL characters or unpaired UTF-16 surrogates/);
    expect(hostileShapeOf({ reason: 'late\u0000payment' })).toEqual({ field: 'reason', message: unstorable });
    expect(hostileShapeOf({ note: { text: '\ud800' } })).toEqual({ field: 'note.text', message: unstorable });
    expect(hostileShapeOf({ tags: ['ok', 'x\udc00'] })).toEqual({ field: 'tags.1', message: unstorable });
    expect(hostileShapeOf('\u0000')).toEqual({ field: '(body)', message: unstorable });
    // A field name is not echoed when it is itself the problem.
    expect(hostileShapeOf({ nested: { 'a\u0000b': 1 } })).toEqual({
      field: 'nested',
      message: expect.stringMatching(/field name/),
    });
    expect(hostileShapeOf({ reason: '客户经理 🙂 \u202e\t', emoji: '\ud83d\ude42' })).toBeNull();
  });

  it('still refuses unknown fields without echoing values', async () => {
    const error = await refusal('{"legalName":"x","extra":"secret-value"}');
    expect(error.errors.map((e) => e.field)).toContain('extra');
    expect(JSON.stringify(error.errors)).not.toContain('secret-value');
  });

  it('validates an empty query of a class once, then knows it passes; an empty body that fails, every time', async () => {
    const pipe = createValidationPipe();
    const validate = jest.spyOn(classValidator, 'validate');
    try {
      for (let i = 0; i < 3; i++) {
        const dto = await pipe.transform({}, { type: 'query', metatype: ListQueryDto });
        expect(dto).toBeInstanceOf(ListQueryDto);
      }
      expect(validate).toHaveBeenCalledTimes(1);
      await expect(pipe.transform({ cursor: 1 }, { type: 'query', metatype: ListQueryDto })).rejects.toThrow(ApiError);
      for (let i = 0; i < 2; i++)
        await expect(pipe.transform({}, { type: 'body', metatype: ProspectDto })).rejects.toThrow(ApiError);
      expect(validate).toHaveBeenCalledTimes(4);
    } finally {
      validate.mockRestore();
    }
  });
});
