import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { BankCalendar } from '@crm/domain';

/** Injection token of the bank calendar loaded at boot (every command gateway stamps it on commands). */
export const BANK_CALENDAR = Symbol('BANK_CALENDAR');

/**
 * Global, because the command gateway is provided in several modules (AppModule, AlertsModule,
 * PersonalDataModule) and each instance must stamp the same calendar.
 */
@Global()
@Module({})
export class BankCalendarModule {
  static forRoot(calendar: BankCalendar): DynamicModule {
    return {
      module: BankCalendarModule,
      providers: [{ provide: BANK_CALENDAR, useValue: calendar }],
      exports: [BANK_CALENDAR],
    };
  }
}
