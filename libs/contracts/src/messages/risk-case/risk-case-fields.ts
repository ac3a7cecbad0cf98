export const RISK_CASE_ID_DESCRIPTION =
  'Id of the risk case; all messages of one case carry it. Revisions (streamrevision) count per case. Opaque: do not parse it.';

export const RISK_CASE_CLIENT_DESCRIPTION =
  'The client the case is about; also the message subject and the Kafka key, so a client’s case and alert messages stay in order.';

export const RISK_CASE_SEVERITY_DESCRIPTION = 'Severity of the case after this change: the worst of its open alerts.';

export const RISK_CASE_DUE_DESCRIPTION = 'When the case must be worked by (the SLA of its severity).';
