import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;

const INSTALLED = Symbol.for('crm.validation-metadata-cache');

/**
 * class-validator finds a class's rules anew for every object it validates: it walks every class it
 * knows (an `instanceof` each, for inherited rules) and filters their rules, which was 2.7 % of the
 * API's busy time under the soak's writes, more than any of our own validation code. Decorators
 * register rules when a class is defined, so the answer only changes when a rule is added: this
 * keeps it per class and options, and forgets everything whenever a rule is added. Installed once
 * per process (on the library's global storage, shared by every copy of this module); the result
 * is the same array each time, which class-validator only reads.
 */
export const cacheValidationMetadataLookups = (storage: MetadataStorage = getMetadataStorage()): void => {
  const marked = storage as MetadataStorage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new Map<unknown, Map<string, Metadata>>();
  storage.addValidationMetadata = (metadata) => {
    known = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // class-validator treats no groups and an empty list alike.
    const options = `${typeof schema === 'string' ? `s${schema}` : '-'}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = known.get(target);
    if (byOptions === undefined) {
      byOptions = new Map();
      known.set(target, byOptions);
    }
    let found = byOptions.get(options);
    if (found === undefined) {
      found = lookup(target, schema, always, strictGroups, groups);
      byOptions.set(options, found);
    }
    return found;
  };
};
