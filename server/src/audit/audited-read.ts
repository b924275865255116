import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { mergeMap, type Observable } from 'rxjs';
import type { Actor } from '../common/actor.js';
import { AuditService } from './audit.service.js';

/**
 * A single read off the hot path, declared on its route instead of written into each service
 * method: `@AuditedRead('note', 'read a grounds-of-claim note')`. The handler returns
 * `audited(subject, body)`; the interceptor records the read under the subject's team once the
 * handler has succeeded (a read that failed, or found nothing visible, leaves no event) and sends
 * `body`. The hot reads (lists, a case, a client) write their event inside their own statement
 * instead (common/list-query.ts, the services' `getStatement`).
 */
export interface ReadSubject {
  entityId: string;
  /** The team holding the record: supervisors read their team's events. */
  teamId: string | null;
  /** Ids and counts only: never names or free text. */
  details?: Record<string, unknown>;
  /** The summary's variable part (a format), appended in brackets. */
  note?: string;
}

const AUDITED = Symbol('haven.audited-read');

export interface Audited<T> {
  readonly [AUDITED]: ReadSubject;
  readonly body: T;
}

/** What a declared read's handler returns: the record read, and the body to send. */
export function audited<T>(subject: ReadSubject, body: T): Audited<T> {
  return { [AUDITED]: subject, body };
}

const isAudited = (value: unknown): value is Audited<unknown> =>
  typeof value === 'object' && value !== null && AUDITED in value;

const AUDITED_READ = 'haven:audited-read';

interface Declared {
  entityType: string;
  summary: string;
}

@Injectable()
export class AuditedReadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const declared = this.reflector.get<Declared | undefined>(AUDITED_READ, context.getHandler());
    if (!declared) return next.handle();
    const actor = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>().user;
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        // A declared read that does not say what it read is a bug: no body leaves unaudited.
        if (!isAudited(result) || !actor)
          throw new Error(`${declared.entityType} read: the handler did not name what it read`);
        const subject = result[AUDITED];
        await this.audit.recordNow(actor, {
          action: 'read',
          entityType: declared.entityType,
          entityId: subject.entityId,
          teamId: subject.teamId,
          summary: subject.note ? `${declared.summary} (${subject.note})` : declared.summary,
          details: subject.details,
        });
        return result.body;
      }),
    );
  }
}

/** Declares a route as an audited single read of `entityType` (see `audited`). */
export const AuditedRead = (entityType: string, summary: string) =>
  applyDecorators(
    SetMetadata(AUDITED_READ, { entityType, summary } satisfies Declared),
    UseInterceptors(AuditedReadInterceptor),
  );
