import type { ChangeEvent, OperationName, Operations, Result } from './index';
import type { InputOf, OutputOf } from './define-operation';

/** What the preload script exposes to the renderer as `window.interop`. */
export interface InteropBridge {
  call<N extends OperationName>(operation: N, input: InputOf<Operations[N]>): Promise<Result<OutputOf<Operations[N]>>>;
  /** Subscribes to change events; returns the unsubscribe function. */
  on(listener: (event: ChangeEvent) => void): () => void;
}

export const IPC_EVENT_CHANNEL = 'interop:event';
export const ipcChannelOf = (operation: string): string => `api:${operation}`;
