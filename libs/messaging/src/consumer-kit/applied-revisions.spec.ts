import { join } from 'node:path';
import { scratchDir } from '@crm/testing';
import { InMemoryAppliedRevisions, type AppliedRevisions } from './applied-revisions';
import { SqliteAppliedRevisions } from './sqlite.applied-revisions';

describe.each([
  ['in memory', () => ({ revisions: new InMemoryAppliedRevisions() as AppliedRevisions, close: () => undefined })],
  [
    'SQLite',
    () => {
      const dir = scratchDir('applied');
      const revisions = SqliteAppliedRevisions.open(join(dir.path, 'applied.sqlite'));
      return { revisions: revisions as AppliedRevisions, close: () => (revisions.close(), dir.cleanup()) };
    },
  ],
])('applied revisions (%s)', (_name, open) => {
  it('knows nothing of a new subject, then the highest revision marked', async () => {
    const { revisions, close } = open();
    expect(await revisions.lastApplied('c-1')).toBeNull();
    await revisions.markApplied('c-1', 0);
    await revisions.markApplied('c-1', 3);
    expect(await revisions.lastApplied('c-1')).toBe(3);
    expect(await revisions.lastApplied('c-2')).toBeNull();
    close();
  });

  it('never moves back when an older revision is marked late', async () => {
    const { revisions, close } = open();
    await revisions.markApplied('c-1', 5);
    await revisions.markApplied('c-1', 2);
    expect(await revisions.lastApplied('c-1')).toBe(5);
    close();
  });
});

describe('SQLite applied revisions', () => {
  it('survive reopening the file', async () => {
    const dir = scratchDir('applied');
    const path = join(dir.path, 'applied.sqlite');
    const first = SqliteAppliedRevisions.open(path);
    await first.markApplied('c-9', 7);
    first.close();
    const second = SqliteAppliedRevisions.open(path);
    expect(await second.lastApplied('c-9')).toBe(7);
    second.close();
    dir.cleanup();
  });
});
