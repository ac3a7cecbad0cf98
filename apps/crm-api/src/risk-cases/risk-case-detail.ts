import { Inject, Injectable } from '@nestjs/common';
import { riskCaseStreamId, type AlertStatus } from '@crm/domain';
import { EVENT_STORE, type EventStore } from '@crm/event-store';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import {
  AlertQueries,
  ClientViewQueries,
  riskCaseContextOf,
  riskCaseViewOf,
  withArrearsAt,
  type ArrearsReading,
  type RiskCaseAlertView,
  type RiskCaseClientContext,
  type RiskCaseView,
} from '@crm/read-models';
import { loadRiskRules } from '@crm/risk';

/** An alert of the case, with what the alerts read model says of it now (null until projected). */
export type RiskCaseAlertDetail = RiskCaseAlertView &
  Readonly<{ status: AlertStatus | null; reason: string | null; raisedAt: string | null; dueBy: string | null }>;

/** `GET /v1/risk-cases/:id`: the case, its alerts, its timeline and the client's context. */
export type RiskCaseDetail = Omit<RiskCaseView, 'alerts'> &
  Readonly<{ alerts: readonly RiskCaseAlertDetail[]; context: RiskCaseClientContext | null }>;

/**
 * Puts a case's answer together: the case from its stream (short, and current to the last event),
 * each alert's state from the alerts read model, and the client's context from the client view,
 * read as of now like `GET /v1/clients/:id` reads it.
 */
@Injectable()
export class RiskCaseDetails {
  private readonly arrears: ArrearsReading;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly alerts: AlertQueries,
    private readonly views: ClientViewQueries,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The floors come from the same rules file as the risk monitor's, as in the client view.
    this.arrears = {
      timeZone: config.bankTimeZone,
      floors: loadRiskRules(config.riskRulesFile).rules['EW-CLASS-FLOOR'],
    };
  }

  async detail(caseId: string): Promise<RiskCaseDetail | null> {
    const view = riskCaseViewOf(await this.store.readStream(riskCaseStreamId(caseId)));
    if (view === null) return null;
    const alerts = await Promise.all(
      view.alerts.map(async (entry): Promise<RiskCaseAlertDetail> => {
        const alert = await this.alerts.getAlert(entry.alertId);
        return {
          ...entry,
          status: alert?.status ?? null,
          reason: alert?.reason ?? null,
          raisedAt: alert?.raisedAt ?? null,
          dueBy: alert?.dueBy ?? null,
        };
      }),
    );
    const client = await this.views.getClientView(view.clientId);
    const context = client === null ? null : riskCaseContextOf(withArrearsAt(client, new Date(), this.arrears));
    return { ...view, alerts, context };
  }
}
