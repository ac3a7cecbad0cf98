import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_EVENT_TYPES, CLIENT_EVENT_TYPES, MANAGER_EVENT_TYPES } from '@crm/domain';
import { ROOT } from './code-variables';

/**
 * docs/domain.md is what a new engineer reads about the domain; libs/domain is what runs. Every
 * command type, event type and error code of the code is named on the page, and every event type
 * the page names exists. The lists come from the code: the event catalogues at run time, command
 * types and error codes from the domain's sources (they are TypeScript types, gone at run time).
 */
const DOMAIN = join(ROOT, 'libs/domain/src');
const page = readFileSync(join(ROOT, 'docs/domain.md'), 'utf8');
const named = new Set([...page.matchAll(/`([A-Za-z_.]+)`/g)].map((match) => match[1] ?? ''));

const sourcesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesOf(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? [readFileSync(join(dir, entry.name), 'utf8')]
        : [],
  );

const sources = sourcesOf(DOMAIN).join('\n');
/** `Command<'LogContact', …>`, the name possibly on the next line. */
const commandTypes = [
  ...new Set([...sources.matchAll(/Command<\s*'([A-Z][A-Za-z]+)'/g)].map((match) => match[1] ?? '')),
];
const errorCodes = [
  ...readFileSync(join(DOMAIN, 'common/domain-error.ts'), 'utf8').matchAll(/\|\s*'([A-Z_]+\.[A-Z_]+)'/g),
].map((match) => match[1] ?? '');
const eventTypes = [...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES, ...ALERT_EVENT_TYPES];

const missing = (names: readonly string[]): string[] => names.filter((name) => !named.has(name));

describe('docs/domain.md', () => {
  it('names every command type of the deciders', () => {
    expect(commandTypes.length).toBeGreaterThanOrEqual(30);
    expect(missing(commandTypes)).toEqual([]);
  });

  it('names every event type, and only event types that exist', () => {
    expect(missing(eventTypes)).toEqual([]);
    const listed = page.slice(page.indexOf('## Every event type'));
    const onPage = [...listed.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((match) => match[1] ?? '');
    expect(onPage.filter((type) => !(eventTypes as readonly string[]).includes(type))).toEqual([]);
    expect(new Set(onPage).size).toBe(eventTypes.length);
  });

  it('names every error code a caller can meet', () => {
    expect(errorCodes.length).toBeGreaterThanOrEqual(35);
    expect(missing(errorCodes)).toEqual([]);
  });
});
