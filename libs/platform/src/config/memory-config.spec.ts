import { loadStorageConfig } from './app-config';

describe('memory settings', () => {
  it('bound the projector and the SQLite caches by default', () => {
    const config = loadStorageConfig({});
    expect(config.projectionCatchUpBatchSize).toBe(10_000);
    expect(config.projectionCachedViews).toBe(2_000);
    expect(config.sqliteCacheMiB).toBe(8);
  });

  it('take integers from the environment, 0 cached views included', () => {
    const config = loadStorageConfig({
      PROJECTION_CATCH_UP_BATCH_SIZE: '50000',
      PROJECTION_CACHED_VIEWS: '0',
      SQLITE_CACHE_MIB: '64',
    });
    expect(config).toMatchObject({ projectionCatchUpBatchSize: 50_000, projectionCachedViews: 0, sqliteCacheMiB: 64 });
  });

  it.each([
    ['PROJECTION_CATCH_UP_BATCH_SIZE', '0'],
    ['PROJECTION_CACHED_VIEWS', '-1'],
    ['SQLITE_CACHE_MIB', 'lots'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() => loadStorageConfig({ [name]: value })).toThrow(name);
  });
});
