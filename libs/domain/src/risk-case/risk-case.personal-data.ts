import type { RiskCaseEvent, RiskCaseEventType } from './risk-case.events';

type DataOf<T extends RiskCaseEventType> = Extract<RiskCaseEvent, { type: T }>['data'];

/** The names of the text fields of an event type's data, so the table cannot name anything else. */
type TextFields<T extends RiskCaseEventType> = {
  [K in keyof DataOf<T> & string]: DataOf<T>[K] extends string ? K : never;
}[keyof DataOf<T> & string];

/**
 * The personal fields of every risk case event, like PERSONAL_DATA_FIELDS of client events: the
 * event store seals them with the data key of the case's client (the case id names it) and they
 * read "[erased]" once that key is destroyed. Total over the event types, so a new case event does
 * not compile until someone decides. Ids, rules, severities and times are not personal; a
 * comment's text is (it may say anything about the client and the people around it).
 */
export const RISK_CASE_PERSONAL_DATA_FIELDS: { readonly [T in RiskCaseEventType]: readonly TextFields<T>[] } = {
  RiskCaseOpened: [],
  RiskCaseAlertJoined: [],
  RiskCaseAlertChanged: [],
  RiskCaseAlertResolved: [],
  RiskCaseClosed: [],
  RiskCaseAssigned: [],
  RiskCaseOverdue: [],
  RiskCaseCommented: ['text'],
};
