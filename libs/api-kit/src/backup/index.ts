export * from './data-files';
export * from './backup-manifest';
export * from './sqlite-backup';
