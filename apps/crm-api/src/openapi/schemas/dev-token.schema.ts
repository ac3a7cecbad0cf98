import { integer, object, text, type Schema } from './schema-kit';

/** `POST /v1/dev/tokens`. */
export const DEV_TOKEN_SCHEMA: Schema = object({
  token: text('A signed bearer token (JWT) for the Authorization header'),
  expiresIn: { ...integer('Seconds until it expires'), example: 43200 },
});
