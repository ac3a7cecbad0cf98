/** The subset of JSON Schema the generator writes; open-ended because schemas nest freely. */
export type JsonSchema = { [keyword: string]: unknown };
