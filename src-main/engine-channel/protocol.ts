import { operationNames, type ChangeEvent, type OperationName, type Result } from '../../src-shared';
import type { Supervision } from '../supervisor/supervision-env';

/**
 * The engine channel: how the desktop's main process and its engine process talk over a message port
 * (Electron's utility-process port, or a Node child's IPC channel). Messages are structured-cloned plain
 * objects; each side checks what it receives with the guards below before acting on it.
 *
 * main → engine: `start` once (secrets and settings that must not travel in argv or the environment),
 * then `call`s and finally `stop`. engine → main: `ready` once it serves (or `failed` when it cannot start),
 * a `result` per call, and `change` events.
 */
export interface StartMessage {
  type: 'start';
  dataDir: string;
  /** The 256-bit key secrets are encrypted with (base64), kept in the OS keychain by main; absent where there is none. */
  dataKey?: string | undefined;
  /** better-sqlite3 built for Electron's ABI. */
  nativeBinding?: string | undefined;
  supervision: Supervision;
}

export interface CallMessage {
  type: 'call';
  id: number;
  name: OperationName;
  input: unknown;
}

export interface StopMessage {
  type: 'stop';
}

export type ToEngine = StartMessage | CallMessage | StopMessage;

export interface ReadyMessage {
  type: 'ready';
}

export interface FailedMessage {
  type: 'failed';
  message: string;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  result: Result<unknown>;
}

export interface ChangeMessage {
  type: 'change';
  change: ChangeEvent;
}

export type FromEngine = ReadyMessage | FailedMessage | ResultMessage | ChangeMessage;

const names: ReadonlySet<string> = new Set(operationNames);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const isCallId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isSupervision(value: unknown): value is Supervision {
  if (!isRecord(value) || !Number.isSafeInteger(value.restarts) || (value.restarts as number) < 0) return false;
  const last = value.lastExit;
  return last === undefined || (isRecord(last) && typeof last.at === 'number' && typeof last.uptimeMs === 'number' && (last.code === null || typeof last.code === 'number') && (last.signal === null || typeof last.signal === 'string'));
}

function isResult(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && Number.isInteger(value.status) && isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

/** Pure: a message the engine process may act on (an operation of the contract, a well-formed start). */
export function isToEngine(message: unknown): message is ToEngine {
  if (!isRecord(message)) return false;
  switch (message.type) {
    case 'start':
      return typeof message.dataDir === 'string' && message.dataDir !== '' && isOptionalString(message.dataKey) && isOptionalString(message.nativeBinding) && isSupervision(message.supervision);
    case 'call':
      return isCallId(message.id) && typeof message.name === 'string' && names.has(message.name);
    case 'stop':
      return true;
    default:
      return false;
  }
}

/** Pure: a message main may act on. */
export function isFromEngine(message: unknown): message is FromEngine {
  if (!isRecord(message)) return false;
  switch (message.type) {
    case 'ready':
      return true;
    case 'failed':
      return typeof message.message === 'string';
    case 'result':
      return isCallId(message.id) && isResult(message.result);
    case 'change':
      return isRecord(message.change) && typeof message.change.topic === 'string' && isOptionalString(message.change.id);
    default:
      return false;
  }
}
