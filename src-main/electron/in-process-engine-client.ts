import type { Engine } from '../bootstrap';
import { ADMIN_SCOPE, type RequestContext } from '../core/request-context';
import type { EngineClient } from '../api/engine-client';

/** The desktop operator: the renderer over IPC and the shell's tray both act as it. */
export const desktopContext = (tenantId: string): RequestContext => ({ tenantId, actor: 'desktop', principal: { kind: 'desktop', id: 'desktop', scopes: [ADMIN_SCOPE], tenantId: undefined } });

/** The shell's view of an engine running in this process: the one dispatcher, as the desktop operator. */
export function inProcessEngineClient(engine: Pick<Engine, 'dispatcher' | 'changes' | 'tenantId'>): EngineClient {
  const ctx = desktopContext(engine.tenantId);
  return {
    call: (name, input) => engine.dispatcher.dispatch(name, input, ctx),
    onChange: (listener) => engine.changes.subscribe(listener),
  };
}
