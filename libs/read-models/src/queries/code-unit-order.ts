/**
 * Code-unit order of two strings. Lists are sorted with it in TypeScript rather than in SQL:
 * SQLite and PostgreSQL collate text differently, and the order must not depend on the engine.
 */
export const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
