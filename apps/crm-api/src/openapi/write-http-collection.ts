import 'reflect-metadata';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '@crm/platform';
import { createCrmApi } from '../bootstrap';
import { httpCollection } from './http-collection';
import { openApiDocument } from './openapi-document';

/** Where the collection lives, from the repository's root. */
export const HTTP_COLLECTION_PATH = 'docs/http/crm-api.http';

/** The collection from the app as built now (on a scratch store it never writes to). */
export const currentHttpCollection = async (): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-openapi-'));
  const app = await createCrmApi(
    loadConfig({ SQLITE_PATH: join(dir, 'crm.sqlite'), LOG_LEVEL: 'silent', WORKERS: 'none', PORT: '0' }),
  );
  try {
    return httpCollection(openApiDocument(app));
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** `npm run docs:http`: writes the request collection beside the other docs. */
if (require.main === module) {
  currentHttpCollection().then(
    (text) => {
      const target = resolve(HTTP_COLLECTION_PATH);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      process.stdout.write(`wrote ${HTTP_COLLECTION_PATH}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`docs:http failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
