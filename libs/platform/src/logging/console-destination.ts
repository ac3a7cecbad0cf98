import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { ConfigError } from '../config/config-parsing';

export type LogFormat = 'auto' | 'json' | 'pretty';

/** LOG_FORMAT: `auto` (the default) writes lines for people on a terminal and JSON everywhere else. */
export const logFormatOf = (env: NodeJS.ProcessEnv = process.env): LogFormat => {
  const format = env.LOG_FORMAT || 'auto';
  if (format !== 'auto' && format !== 'json' && format !== 'pretty')
    throw new ConfigError('LOG_FORMAT', 'must be auto, json or pretty');
  return format;
};

let prettyStream: DestinationStream | undefined;

/**
 * Where a process's loggers write: standard output as JSON for collectors, or, when a person
 * watches a terminal, readable lines (pino-pretty in this process, synchronously, so a crash loses
 * no line). One stream for every logger of the process, so lines never interleave mid-line.
 */
export const consoleDestination = (
  format: LogFormat = logFormatOf(),
  isTerminal: boolean = process.stdout.isTTY === true,
): DestinationStream | undefined => {
  if (format === 'json' || (format === 'auto' && !isTerminal)) return undefined;
  prettyStream ??= pretty({
    sync: true,
    colorize: isTerminal,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return prettyStream;
};
