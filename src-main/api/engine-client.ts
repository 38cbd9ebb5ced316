import type { ChangeEvent, OperationName, Result } from '../../src-shared';

/**
 * The engine as the desktop reaches it, whether it runs in this process or in its own: operations by name
 * (dispatched as the desktop operator) answering a Result, and its change events. The window's IPC and the
 * tray both use it.
 */
export interface EngineClient {
  call(name: OperationName, input: unknown): Promise<Result<unknown>>;
  onChange(listener: (change: ChangeEvent) => void): () => void;
}
