import { messages } from '../i18n';

/** Words the alert pages share: severities, statuses and outcomes in both languages. */
export const alertWords = messages(
  {
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    critical: 'Critical',
    open: 'Open',
    acknowledged: 'Acknowledged',
    escalated: 'Escalated',
    resolved: 'Resolved',
    actioned: 'Actioned',
    false_positive: 'False positive',
    reclassified: 'Reclassified',
  },
  {
    low: '低',
    medium: '中',
    high: '高',
    critical: '严重',
    open: '待处理',
    acknowledged: '已确认',
    escalated: '已升级',
    resolved: '已解决',
    actioned: '已处置',
    false_positive: '误报',
    reclassified: '已重新分类',
  },
);

export type AlertWord = Parameters<typeof alertWords>[0];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const OUTCOMES = ['actioned', 'false_positive', 'reclassified'] as const;

/** A code from the API in words, or the code itself when the console does not know it. */
export const alertWord = (code: string): string =>
  (WORDS as readonly string[]).includes(code) ? alertWords(code as AlertWord) : code;
const WORDS = [...SEVERITIES, ...OUTCOMES, 'open', 'acknowledged', 'escalated', 'resolved'] as const;

export type Alert = Readonly<{
  id: string;
  clientId: string;
  ruleId: string;
  severity: string;
  status: string;
  reason: string;
  raisedAt: string;
  dueBy: string | null;
  branchId: string | null;
  managerId: string | null;
  position: string;
}>;
