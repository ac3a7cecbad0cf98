import { StreamLocks } from './stream-locks';

describe('StreamLocks', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

  it('runs work on one key one at a time, in order, and other keys alongside', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    const job = (key: string, name: string) =>
      locks.run(key, async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(locks.size).toBe(0);
  });

  it('releases the key when work fails', async () => {
    const locks = new StreamLocks();
    await expect(locks.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.run('a', async () => 'next')).toBe('next');
    expect(locks.size).toBe(0);
  });
});
