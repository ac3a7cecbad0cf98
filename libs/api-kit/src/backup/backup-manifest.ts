import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackupRefused, type DataFileRole } from './data-files';

export const BACKUP_FORMAT = 'crm-sqlite-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

export type BackupFileEntry = Readonly<{ role: DataFileRole; file: string; bytes: number; sha256: string }>;

/** Written last: a backup folder without it is incomplete. */
export type BackupManifest = Readonly<{
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** When the event store's snapshot was taken: everything acknowledged before it is in the backup. */
  eventStoreSnapshotAt: string;
  eventStore: Readonly<{ lastPosition: string; events: number; dataKeys: number }>;
  /** Public fingerprints of the master keys that wrapped the live data keys; the restore needs them. */
  masterKeyIds: readonly string[];
  files: readonly BackupFileEntry[];
}>;

export const sha256Of = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** The manifest of a backup folder, checked for shape; refuses a folder that is not a complete backup. */
export const readManifest = (dir: string): BackupManifest => {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupRefused(`${dir} holds no readable ${MANIFEST_FILE}: not a backup, or an incomplete one`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files) || !Array.isArray(manifest.masterKeyIds))
    throw new BackupRefused(`${join(dir, MANIFEST_FILE)} is not a ${BACKUP_FORMAT} manifest`);
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupRefused(
      `${join(dir, MANIFEST_FILE)} has format version ${manifest.formatVersion}; this version restores ${BACKUP_FORMAT_VERSION}`,
    );
  }
  return manifest;
};
