import { rank, SEVERITIES, type Severity } from '../../common/scales';
import { idField } from '../event-data';
import { ownValue } from '../own-record';
import type { BandRule } from './band-rule';

const atLeast = (severity: Severity, floor: Severity): boolean => rank(SEVERITIES, severity) >= rank(SEVERITIES, floor);

/** Open critical flags, the event's own flag first, then by id, so the reason is stable. */
const criticalFlags = (openFlags: Readonly<Record<string, Severity>>, preferred: string | null): string[] => {
  const ids = Object.keys(openFlags)
    .filter((flagId) => openFlags[flagId] === 'critical')
    .sort();
  return preferred !== null && ownValue(openFlags, preferred) === 'critical'
    ? [preferred, ...ids.filter((flagId) => flagId !== preferred)]
    : ids;
};

const seriousCount = (openFlags: Readonly<Record<string, Severity>>, floor: Severity): number =>
  Object.values(openFlags).filter((severity) => atLeast(severity, floor)).length;

/** EW-FLAGS: any open critical flag (critical), or ≥ 2 open flags of medium or worse (high). */
export const ewFlagsRule: BandRule = {
  id: 'EW-FLAGS',
  band: (state, _at, config) => {
    const rule = config.rules['EW-FLAGS'];
    if (criticalFlags(state.openFlags, null).length > 0) return 'critical';
    return seriousCount(state.openFlags, rule.openFlagSeverity) >= rule.openFlags ? 'high' : null;
  },
  reason: (state, _at, config, event) => {
    const rule = config.rules['EW-FLAGS'];
    const [critical] = criticalFlags(state.openFlags, event === null ? null : idField(event.data, 'flagId'));
    if (critical !== undefined) return `risk flag ${critical} is critical`;
    return `${seriousCount(state.openFlags, rule.openFlagSeverity)} open risk flags of ${rule.openFlagSeverity} severity or worse`;
  },
};
