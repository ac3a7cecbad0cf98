import { derivedEventId } from './command-context';

/**
 * The id of the recovery task a survey answer opens (docs/decisions.md §63), derived from the
 * survey id: the route and the survey facts name the same task for the same answer, and it is a
 * uuid like every task id (the completion route takes nothing else).
 */
export const recoveryTaskIdOf = (surveyId: string): string => derivedEventId(`recovery-task\n${surveyId}`, 0);
