import type { z } from 'zod';
import { grantsScope, isAudited, operations, operationScopes, type OperationName, type Result } from '../../src-shared';
import { actorOf, type AuditLog } from '../audit/audit-log';
import { changedFieldNames, targetOf } from '../audit/audit-target';
import { AppError, httpStatusOf, toErrorBody, validationFailed } from '../core/errors';
import type { Logger } from '../core/logger';
import type { RequestContext } from '../core/request-context';
import { fromHl7Error } from '../messages/hl7-failure';
import type { Handler, Handlers } from './handlers';

export interface Dispatcher {
  dispatch(name: OperationName, raw: unknown, ctx: RequestContext): Promise<Result<unknown>>;
}

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(operations, name);

const issuesOf = (error: z.ZodError) => error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

const codeOf = (error: unknown): string | undefined => (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code.slice(0, 64) : undefined);

/**
 * The one place scopes are checked for /api/v1 (and IPC): a request's principal must hold the scope the
 * operation needs (src-shared/scopes.ts). Work the engine starts itself carries no principal.
 */
function assertScope(name: OperationName, ctx: RequestContext): void {
  const needed = operationScopes[name];
  if (ctx.principal === undefined || needed === 'public' || grantsScope(ctx.principal.scopes, needed)) return;
  throw new AppError('forbidden', 'INTEROP_SCOPE_MISSING', `This needs the scope ${needed}`, { scope: needed });
}

const idOf = (value: unknown): unknown => (value !== null && typeof value === 'object' && 'id' in value ? value.id : undefined);

/**
 * scope → validate → handler → result; shared by the IPC and HTTP transports so both answer alike. With an audit
 * log, every audited operation (`isAudited`: changes, and reads that reveal data) is recorded here, once,
 * after its handler: who, from where, what, on which entity, the names of the fields sent, how it ended.
 */
export function createDispatcher(handlers: Handlers, logger: Logger, audit?: Pick<AuditLog, 'recordEvent'>): Dispatcher {
  const record = (name: OperationName, input: unknown, ctx: RequestContext, result: Result<unknown>): void => {
    const op = operations[name];
    if (audit === undefined || !isAudited(op)) return;
    const target = targetOf(name, idOf(input) ?? (result.ok ? idOf(result.value) : undefined));
    const fields = op.http.method === 'GET' ? [] : changedFieldNames(input);
    audit.recordEvent({
      action: name,
      actor: actorOf(ctx),
      tenantId: ctx.tenantId,
      remoteAddress: ctx.remoteAddress,
      outcome: result.ok ? 'ok' : result.status === 401 || result.status === 403 ? 'refused' : 'failed',
      ...(target ? { target: { type: target.targetType, id: target.targetId } } : {}),
      ...(result.ok ? {} : { errorCode: result.error.code }),
      ...(fields.length > 0 ? { details: { fields } } : {}),
    });
  };
  return {
    async dispatch(name, raw, ctx) {
      const result = await run(name, raw, ctx);
      record(name, raw, ctx, result);
      return result;
    },
  };

  async function run(name: OperationName, raw: unknown, ctx: RequestContext): Promise<Result<unknown>> {
    const op = operations[name];
    const parsed = op.input.safeParse(raw ?? {});
    try {
      assertScope(name, ctx);
      if (!parsed.success) throw validationFailed(issuesOf(parsed.error));
      const handler = handlers[name] as Handler<OperationName>;
      const value: unknown = await handler(parsed.data as never, ctx);
      return { ok: true, value };
    } catch (thrown) {
      // A codec error a service let through answers under its HL7 code (422), not as an internal error.
      const error = fromHl7Error(thrown);
      const { kind, body } = toErrorBody(error);
      if (kind === 'internal') {
        // By type and code only: a message can carry values the caller sent (a secret, a patient's name).
        logger.log('error', 'operation failed', { operation: name, error: error instanceof Error ? error.name : typeof error, code: codeOf(error) });
      }
      return { ok: false, status: httpStatusOf(kind), error: body };
    }
  }
}
