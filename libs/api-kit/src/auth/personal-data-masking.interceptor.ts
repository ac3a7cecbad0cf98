import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { masksPersonalData, maskPersonalData } from '@crm/policy';
import type { RequestWithPrincipal } from './auth.decorators';

/**
 * The one place answers are masked: on routes whose permission carries client personal data
 * (`@Access` adds this interceptor there), the answer of a caller whose role sees clients masked
 * (risk officers) goes through `maskPersonalData`. Everyone else gets the answer untouched.
 */
@Injectable()
export class PersonalDataMaskingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (principal === undefined || !masksPersonalData(principal)) return next.handle();
    return next.handle().pipe(map((body: unknown) => maskPersonalData(body)));
  }
}
