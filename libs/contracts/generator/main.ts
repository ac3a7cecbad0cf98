import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENTS_FILE, generateContractDocuments, SCHEMAS_DIR } from './contract-documents';

/**
 * `npm run contracts:generate`: writes docs/schemas/*.json, docs/asyncapi.yaml and the generated
 * regions of docs/events.md. npm runs scripts from the package root, which is where docs/ lives.
 */
const root = process.cwd();
if (!existsSync(join(root, 'package.json')) || !existsSync(join(root, EVENTS_FILE))) {
  throw new Error(`run from the repository root (npm run contracts:generate); ${EVENTS_FILE} not found under ${root}`);
}

const documents = generateContractDocuments(readFileSync(join(root, EVENTS_FILE), 'utf8'));

let changed = 0;
for (const [path, content] of documents) {
  const target = join(root, path);
  // Unchanged files are left alone so their timestamps say when the contract last changed.
  if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  changed += 1;
  console.log(`wrote ${path}`);
}

// A schema whose type no longer exists must not linger where consumers would find it.
for (const file of readdirSync(join(root, SCHEMAS_DIR))) {
  const path = `${SCHEMAS_DIR}/${file}`;
  if (!documents.has(path)) {
    rmSync(join(root, path));
    changed += 1;
    console.log(`removed ${path}`);
  }
}

console.log(changed === 0 ? 'contract documents are up to date' : `${changed} contract document(s) updated`);
