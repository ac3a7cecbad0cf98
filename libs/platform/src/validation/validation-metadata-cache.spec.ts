import { getMetadataStorage, IsInt, IsString, MaxLength, MetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

const messages = (object: object): string[] =>
  validateSync(object).flatMap((error) => Object.values(error.constraints ?? {}));

describe('cacheValidationMetadataLookups', () => {
  beforeAll(() => cacheValidationMetadataLookups());

  it('validates a class and its subclass with their own and inherited rules, as class-validator alone does', () => {
    class Contact {
      @IsString()
      summary!: unknown;
    }
    class Visit extends Contact {
      @IsInt()
      minutes!: unknown;
    }
    const visit = Object.assign(new Visit(), { summary: 3, minutes: 'long' });
    expect(messages(visit).sort()).toEqual(['minutes must be an integer number', 'summary must be a string']);
    expect(messages(Object.assign(new Visit(), { summary: 'ok', minutes: 4 }))).toEqual([]);
    expect(messages(Object.assign(new Contact(), { summary: 3 }))).toEqual(['summary must be a string']);
  });

  it('sees a rule added after a lookup (a class defined later, a decorator on an existing class)', () => {
    class Note {
      @IsString()
      text!: unknown;
    }
    expect(messages(Object.assign(new Note(), { text: 'x'.repeat(20) }))).toEqual([]);
    MaxLength(10)(Note.prototype, 'text');
    expect(messages(Object.assign(new Note(), { text: 'x'.repeat(20) }))).toEqual([
      'text must be shorter than or equal to 10 characters',
    ]);
  });

  it('answers each class and options from memory after the first lookup, the same rules as a storage without it', () => {
    class Rated {
      @IsInt()
      score!: unknown;
    }
    const plain = new MetadataStorage();
    const cached = new MetadataStorage();
    const [rule] = getMetadataStorage().getTargetValidationMetadatas(Rated, '', false, false);
    for (const storage of [plain, cached]) storage.addValidationMetadata(rule);
    cacheValidationMetadataLookups(cached);
    const first = cached.getTargetValidationMetadatas(Rated, '', false, false);
    expect(cached.getTargetValidationMetadatas(Rated, '', false, false)).toBe(first);
    expect(first).toEqual(plain.getTargetValidationMetadatas(Rated, '', false, false));
    expect(first).toHaveLength(1);
    expect(cached.getTargetValidationMetadatas(Rated, '', false, false, ['g'])).toEqual([]);
    cacheValidationMetadataLookups(cached);
    expect(cached.getTargetValidationMetadatas(Rated, '', false, false)).toBe(first);
  });
});
