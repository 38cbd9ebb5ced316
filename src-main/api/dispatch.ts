import type { z } from 'zod';
import { grantsScope, operations, operationScopes, type OperationName, type Result } from '../../src-shared';
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

/**
 * The one place scopes are checked for /api/v1 (and IPC): a request's principal must hold the scope the
 * operation needs (src-shared/scopes.ts). Work the engine starts itself carries no principal.
 */
function assertScope(name: OperationName, ctx: RequestContext): void {
  const needed = operationScopes[name];
  if (ctx.principal === undefined || needed === 'public' || grantsScope(ctx.principal.scopes, needed)) return;
  throw new AppError('forbidden', 'INTEROP_SCOPE_MISSING', `This needs the scope ${needed}`, { scope: needed });
}

/** scope → validate → handler → result; shared by the IPC and HTTP transports so both answer alike. */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatcher {
  return {
    async dispatch(name, raw, ctx) {
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
          logger.log('error', 'operation failed', { operation: name, error: error instanceof Error ? error.name : typeof error, detail: error instanceof Error ? error.message : undefined });
        }
        return { ok: false, status: httpStatusOf(kind), error: body };
      }
    },
  };
}
