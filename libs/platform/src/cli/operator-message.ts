/**
 * Errors whose message is written for the operator and names no secret (variables, files, key
 * fingerprints, line numbers): a command line tool prints them as they are.
 */
const OPERATOR_ERRORS =
  /^(ConfigError|BackupRefused|EventLogTransferRefused|EventLogFormatError|UnsupportedStoreError|DataKeyError|MasterKeyError|DecryptionError)$/;

/**
 * The one line a command prints when it fails: an operator error's message; for anything else its
 * kind and, for a driver error, its code (a driver's message may quote a connection string or a
 * value), never a stack.
 */
export const operatorMessage = (error: unknown): string => {
  if (!(error instanceof Error)) return 'failed';
  if (OPERATOR_ERRORS.test(error.name)) return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
};

/** Runs a command's main and exits with its code; a failure is one line on stderr and exit code 1. */
export const runCommand = (label: string, main: () => Promise<number>): void => {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${label} failed: ${operatorMessage(error)}\n`);
      process.exit(1);
    },
  );
};
