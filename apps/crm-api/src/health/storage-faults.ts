import { Global, Injectable, Module } from '@nestjs/common';
import type { ResourceFaultCode } from '@crm/api-kit';

export type StorageFault = Readonly<{ code: ResourceFaultCode; since: string }>;

/**
 * What the API has had to refuse for want of storage, kept until storage is seen to work again, so
 * readiness names a full disk that a read-only probe cannot see (SQLite reads on a full disk
 * still succeed). A successful write clears any fault; a database that answers the readiness
 * probe clears an "unavailable" one (a full disk needs a write to be proven cleared).
 */
@Injectable()
export class StorageFaults {
  private fault: StorageFault | null = null;

  refused(code: ResourceFaultCode, at: Date = new Date()): void {
    if (this.fault?.code !== code) this.fault = { code, since: at.toISOString() };
  }

  wrote(): void {
    this.fault = null;
  }

  answered(): void {
    if (this.fault?.code === 'STORAGE.UNAVAILABLE') this.fault = null;
  }

  current(): StorageFault | null {
    return this.fault;
  }
}

/** One tracker for the whole API: commands run through gateways that several modules provide. */
@Global()
@Module({ providers: [StorageFaults], exports: [StorageFaults] })
export class StorageFaultsModule {}
