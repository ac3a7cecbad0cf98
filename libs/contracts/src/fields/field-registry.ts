/**
 * The fields each contract class declares, with their descriptions. Validation uses it as the
 * allow-list of properties: class-validator's own whitelist looks names up in a plain object, so
 * `__proto__`, `constructor` or `hasOwnProperty` slip through it. The generator reads the
 * descriptions (the schema library's own decorator is a dev dependency production code must not load).
 */
const registry = new WeakMap<object, Map<string, string>>();

export const ContractField =
  (description: string): PropertyDecorator =>
  (target, property) => {
    const owner = target.constructor;
    const fields = registry.get(owner) ?? new Map<string, string>();
    fields.set(String(property), description);
    registry.set(owner, fields);
  };

export const contractFieldsOf = (owner: object): ReadonlySet<string> => new Set(registry.get(owner)?.keys());

export const descriptionOf = (owner: object, property: string): string | undefined =>
  registry.get(owner)?.get(property);
