import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import * as domain from '@crm/domain';
import { ROOT, sourcesUnder } from './code-variables';

/**
 * docs/domain.md is what a new engineer reads about the model; libs/domain is what runs. Every
 * command type, event type and error code the code defines is named in the document, and every
 * event type the document names still exists. The lists come from the code: events from the
 * domain's catalogues, commands and error codes from the type declarations (they exist only as
 * types), read with the TypeScript parser.
 */
const DOMAIN = join(ROOT, 'libs/domain/src');
const document = readFileSync(join(ROOT, 'docs/domain.md'), 'utf8');

const parse = (path: string): ts.SourceFile =>
  ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);

/** Every node of `node`'s tree, depth first. */
const descendants = (node: ts.Node): ts.Node[] => {
  const found: ts.Node[] = [];
  const visit = (child: ts.Node): void => {
    found.push(child);
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
};

/** The string literal of a literal type node (`'LogContact'`), or null. */
const literalOf = (node: ts.Node | undefined): string | null =>
  node !== undefined && ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) ? node.literal.text : null;

/** The `Type` of every `Command<'Type', …>` declared in the domain's sources. */
const commandTypes = (): string[] =>
  sourcesUnder(DOMAIN).flatMap((path) =>
    descendants(parse(path))
      .filter(ts.isTypeReferenceNode)
      .filter((reference) => reference.typeName.getText() === 'Command')
      .map((reference) => literalOf(reference.typeArguments?.[0]))
      .filter((type): type is string => type !== null),
  );

/** The members of the `DomainErrorCode` union. */
const errorCodes = (): string[] => {
  const declaration = descendants(parse(join(DOMAIN, 'common/domain-error.ts')))
    .filter(ts.isTypeAliasDeclaration)
    .find((alias) => alias.name.text === 'DomainErrorCode');
  if (declaration === undefined || !ts.isUnionTypeNode(declaration.type)) return [];
  return declaration.type.types.map(literalOf).filter((code): code is string => code !== null);
};

const COMMANDS = [...new Set(commandTypes())].sort();
const EVENTS = [
  ...domain.CLIENT_EVENT_TYPES,
  ...domain.MANAGER_EVENT_TYPES,
  ...domain.ALERT_EVENT_TYPES,
  ...domain.RISK_CASE_EVENT_TYPES,
  ...domain.DEPARTMENT_EVENT_TYPES,
  ...domain.BRANCH_SATISFACTION_EVENT_TYPES,
].sort();
const CODES = errorCodes().sort();

/** Whether the document names `word` as a whole word (not as part of a longer name). */
const mentions = (word: string): boolean =>
  new RegExp(`(?<![A-Za-z0-9_.])${word.replace(/\./g, '\\.')}(?![A-Za-z0-9_])`).test(document);

/**
 * How the document's event names look: PascalCase names in backticks ending as the domain's event
 * names do (a past participle, `…Set`, `…PastDue` or `…Overdue`, or a subject with its past tense,
 * `ClientJoinedGroup`). Commands and other exports of the
 * domain can end so too (`ClearPastDue`, `FingerprintSet`): those are known names, not stale events.
 */
const EVENT_LIKE = /^[A-Z][A-Za-z]*(ed|Set|PastDue|Overdue|Won|Lost)$|^[A-Z][a-z]+(Joined|Left)[A-Z][A-Za-z]+$/;
const namedInBackticks = [...new Set([...document.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1] ?? ''))];

describe('docs/domain.md', () => {
  test('the code yields the lists the document is checked against', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['RegisterProspect', 'RegisterManager', 'RaiseAlert']));
    expect(CODES).toEqual(expect.arrayContaining(['CLIENT.NOT_FOUND', 'CONTACT.ALREADY_LOGGED']));
    expect(EVENTS.length).toBeGreaterThan(30);
  });

  test('names every command type of libs/domain', () => {
    expect(COMMANDS.filter((type) => !mentions(type))).toEqual([]);
  });

  test('names every event type of libs/domain', () => {
    expect(EVENTS.filter((type) => !mentions(type))).toEqual([]);
  });

  test('names every error code of libs/domain', () => {
    expect(CODES.filter((code) => !mentions(code))).toEqual([]);
  });

  test('every event type of the code looks like one to the check below', () => {
    expect(EVENTS.filter((type) => !EVENT_LIKE.test(type))).toEqual([]);
  });

  test('names no event type the code no longer has', () => {
    const known = new Set<string>([...EVENTS, ...COMMANDS, ...Object.keys(domain)]);
    expect(namedInBackticks.filter((name) => EVENT_LIKE.test(name) && !known.has(name))).toEqual([]);
  });
});
