import {
  chmodSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_FILE,
  readManifest,
  sha256Of,
  type BackupFileEntry,
  type BackupManifest,
} from './backup-manifest';
import { BackupRefused, type DataFile, type DataFileRole } from './data-files';

export type BackupLog = (line: string) => void;

const MiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const isEmptyDirectory = (dir: string): boolean => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Online backup of the embedded installation's SQLite files into `dir` (new or empty), in the
 * order `files` gives (see sqliteDataFiles). Each file is copied with `VACUUM INTO`, which reads
 * it in ONE read transaction: a consistent snapshot taken beside the running API (WAL lets it
 * keep writing), unlike the page-by-page backup API, which restarts whenever another process
 * writes and may never finish under load. Files that do not exist (a worker that never ran) are
 * left out. The manifest is written last.
 */
export const backupSqliteFiles = async (
  files: readonly DataFile[],
  dir: string,
  log: BackupLog,
): Promise<BackupManifest> => {
  if (!isEmptyDirectory(dir)) throw new BackupRefused(`${dir} is not empty: back up into a new or empty folder`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entries: BackupFileEntry[] = [];
  let eventStore: BackupManifest['eventStore'] | null = null;
  let masterKeyIds: string[] = [];
  let eventStoreSnapshotAt = '';
  for (const { role, path } of files) {
    if (!existsSync(path)) {
      if (role === 'event-store') throw new BackupRefused(`the event store ${path} does not exist (check SQLITE_PATH)`);
      log(`${role}: ${path} does not exist, left out`);
      continue;
    }
    const file = `${role}.sqlite`;
    const target = join(dir, file);
    const started = Date.now();
    log(`${role}: copying ${path} (${MiB(statSync(path).size)})…`);
    const source = new Database(path, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 30000');
      if (role === 'event-store') eventStoreSnapshotAt = new Date().toISOString();
      source.prepare('VACUUM INTO ?').run(target);
    } finally {
      source.close();
    }
    // Personal data (sealed in the event store, in the clear in the read models): owner only.
    chmodSync(target, 0o600);
    // VACUUM INTO writes its output without syncing it; the manifest must not vouch for bytes in flight.
    fsync(target);
    if (role === 'event-store') [eventStore, masterKeyIds] = describeEventStore(target);
    const bytes = statSync(target).size;
    entries.push({ role, file, bytes, sha256: await sha256Of(target) });
    log(`${role}: ${MiB(bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (eventStore === null) throw new BackupRefused('no event store in the list of files to back up');
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    eventStoreSnapshotAt,
    eventStore,
    masterKeyIds,
    files: entries,
  };
  writeDurably(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  fsync(dir);
  return manifest;
};

const describeEventStore = (path: string): [BackupManifest['eventStore'], string[]] => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => Number(db.prepare<[], number>(sql).pluck().get() ?? 0);
    const lastPosition = db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck().safeIntegers().get();
    const keysTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'event_data_keys'").get() !== undefined;
    const masterKeyIds = keysTable
      ? db
          .prepare<[], string>(
            'SELECT DISTINCT kek_id FROM event_data_keys WHERE kek_id IS NOT NULL AND wrapped IS NOT NULL ORDER BY kek_id',
          )
          .pluck()
          .all()
      : [];
    return [
      {
        lastPosition: (lastPosition ?? 0n).toString(),
        events: count('SELECT COUNT(*) FROM events'),
        dataKeys: keysTable ? count('SELECT COUNT(*) FROM event_data_keys') : 0,
      },
      masterKeyIds,
    ];
  } finally {
    db.close();
  }
};

const writeDurably = (path: string, content: string): void => {
  writeFileSync(path, content, { mode: 0o600 });
  fsync(path);
};

const fsync = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

export type RestoreOptions = Readonly<{
  /** Where each role's file goes (from the configuration of the installation restored into). */
  files: readonly DataFile[];
  /** Ids of the configured master keys: the backup's keys must be wrapped by one of them. */
  masterKeyIds: readonly string[];
  /** Replace existing files instead of refusing. */
  force: boolean;
  log: BackupLog;
}>;

/** A SQLite file's companions: a restored file must not meet the WAL of the file it replaces. */
const withCompanions = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];

/**
 * Restores a backup into the configured paths. Refuses, before touching anything: a folder
 * without a valid manifest, a file whose size or sha256 differs from it, a configuration whose
 * master key did not wrap the backup's data keys, and (unless `force`) a data folder that is not
 * empty. Each file is copied beside its target and renamed into place.
 */
export const restoreSqliteFiles = async (dir: string, options: RestoreOptions): Promise<BackupManifest> => {
  const manifest = readManifest(dir);
  const targets = new Map<DataFileRole, string>(options.files.map((file) => [file.role, file.path]));
  for (const entry of manifest.files) {
    const path = join(dir, basename(entry.file));
    if (!existsSync(path)) throw new BackupRefused(`${path} is listed in the manifest but missing`);
    options.log(`checking ${entry.file} (${MiB(entry.bytes)})…`);
    if (statSync(path).size !== entry.bytes || (await sha256Of(path)) !== entry.sha256) {
      throw new BackupRefused(
        `${path} does not match its size or sha256 in ${MANIFEST_FILE}: the backup is corrupt or was altered`,
      );
    }
    if (!targets.has(entry.role)) {
      throw new BackupRefused(
        `the backup holds ${entry.role}, which this configuration keeps outside SQLite: restore with the configuration it was taken with`,
      );
    }
  }
  const missing = manifest.masterKeyIds.filter((id) => !options.masterKeyIds.includes(id));
  if (missing.length > 0) {
    throw new BackupRefused(
      `the backup's data keys are wrapped by master key ${missing.join(', ')}, which the configured DATA_KEY_SECRET / DATA_KEY_FILE is not: restore with the master key of the installation backed up`,
    );
  }
  const folders = [...new Set(manifest.files.map((entry) => dirname(targets.get(entry.role) as string)))];
  const occupied = folders.filter((folder) => !isEmptyDirectory(folder));
  if (occupied.length > 0 && !options.force) {
    throw new BackupRefused(
      `${occupied.join(', ')} is not empty: restore into an empty data folder, or pass --force to replace its files`,
    );
  }
  for (const entry of manifest.files) {
    const target = targets.get(entry.role) as string;
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    for (const path of withCompanions(target)) rmSync(path, { force: true });
    const partial = `${target}.restoring`;
    copyFileSync(join(dir, basename(entry.file)), partial);
    fsync(partial);
    renameSync(partial, target);
    options.log(`${entry.role}: restored to ${target}`);
  }
  for (const folder of folders) fsync(folder);
  return manifest;
};
