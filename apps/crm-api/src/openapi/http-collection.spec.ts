import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { currentHttpCollection, HTTP_COLLECTION_PATH } from './write-http-collection';

describe('docs/http/crm-api.http', () => {
  it('is the request collection of the OpenAPI document as the API builds it now (npm run docs:http)', async () => {
    const committed = readFileSync(resolve(__dirname, '../../../..', HTTP_COLLECTION_PATH), 'utf8');
    const current = await currentHttpCollection();
    expect(current.split('\n')).toEqual(committed.split('\n'));
    expect(current.match(/^### /gm)).toHaveLength(90);
  });
});
