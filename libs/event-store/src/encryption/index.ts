export { DecryptionError } from './aes-gcm';
export {
  MasterKeyError,
  MIN_SECRET_BYTES,
  loadMasterKey,
  deriveMasterKey,
  type MasterKey,
  type MasterKeySource,
} from './master-key';
export { CorruptEnvelopeError, ENVELOPE_PROPERTY, isEnvelope, type FieldEnvelope } from './field-envelope';
export type { DataKeyStore, NewDataKey, StoredDataKey } from './data-key-store.port';
export {
  DataKeyError,
  DataKeyRing,
  type DataKeyRingOptions,
  type DataKeyState,
  type LiveDataKey,
} from './data-key-ring';
export type { PlaintextScrubber } from './plaintext-scrubber';
export { SqliteDataKeyStore } from './sqlite.data-key-store';
export { PostgresDataKeyStore } from './postgres.data-key-store';
export {
  EncryptingEventStore,
  isPersonalDataShredder,
  PERSONAL_DATA_ERASED,
  type EncryptingEventStoreOptions,
  type EncryptionLogger,
  type PersonalDataShredder,
} from './encrypting-event-store';
export {
  configuredMasterKeyIds,
  dataKeysPathBeside,
  encryptEventStore,
  openDataKeyRing,
  openDataKeyStore,
  type DataKeyLocation,
  type DataKeyOptions,
} from './open-encryption';
export {
  isPersonalDataToken,
  KeyRingOpener,
  OPEN_ONCE,
  personalDataToken,
  PLAINTEXT_OPENER,
  type KeyRingOpenerOptions,
  type PersonalDataOpener,
} from './personal-data-token';
