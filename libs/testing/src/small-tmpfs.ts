import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SmallTmpfs = Readonly<{
  path: string;
  /** Writes a file until the file system is full; returns how many bytes it took. */
  fill: () => number;
  /** Removes what `fill` wrote. */
  free: () => void;
  unmount: () => void;
}>;

/**
 * A tmpfs of `mebibytes` of its own, for tests of a full disk: a real ENOSPC/SQLITE_FULL from
 * the kernel rather than a simulated one. Mounting needs root (CAP_SYS_ADMIN); null when the
 * mount is refused, so the suite fails under CI=true and skips locally.
 */
export const mountSmallTmpfs = (mebibytes: number): SmallTmpfs | null => {
  const path = mkdtempSync(join(tmpdir(), 'crm-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mebibytes}m`, 'tmpfs', path], { stdio: 'ignore' });
  if (mounted.status !== 0) {
    rmdirSync(path);
    return null;
  }
  const filler = join(path, 'filler.bin');
  return {
    path,
    fill: () => {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // A 64 KiB write that no longer fits may still leave pages free: fill those too.
        const small = Buffer.alloc(512, 1);
        try {
          for (;;) written += writeSync(fd, small);
        } catch {
          // full
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', ['-l', path], { stdio: 'ignore' });
      rmdirSync(path);
    },
  };
};
