/** A domain event as deciders produce it: a type tag and its data. Metadata is added on append. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** Who caused a change. Carried on every command and recorded with every event. */
export type Actor = Readonly<{ userId: string; role: Role }>;

/** `product_department`: a department's staff answering its feedback queue (the token names the department). */
export const ROLES = [
  'relationship_manager',
  'branch_head',
  'risk_officer',
  'dpo',
  'admin',
  'service',
  'product_department',
] as const;
export type Role = (typeof ROLES)[number];
