import type { ChangeEvent, InputOf, OperationName, Operations, OutputOf, Result } from '@contract/index';

export type ApiInput<N extends OperationName> = InputOf<Operations[N]>;
export type ApiOutput<N extends OperationName> = OutputOf<Operations[N]>;

export interface ChangeListener {
  change(event: ChangeEvent): void;
  /** The stream was interrupted and is back: events may have been missed, so everything is stale. */
  resync(): void;
}

/** How calls and change events travel: Electron IPC on the desktop, HTTP + SSE in a browser. */
export interface Transport {
  call<N extends OperationName>(operation: N, input: ApiInput<N>): Promise<Result<ApiOutput<N>>>;
  subscribe(listener: ChangeListener): () => void;
  /** Fetches a file the engine serves over HTTP (export downloads); absent over IPC, where no HTTP server runs. */
  fetchFile?(url: string): Promise<Result<Blob>>;
}

/** Field name → messages, as a 422 answer carries them in `details.fields`. */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get fieldErrors(): FieldErrors {
    const fields = (this.details as { fields?: unknown } | null | undefined)?.fields;
    if (typeof fields !== 'object' || fields === null) return {};
    const out: FieldErrors = {};
    for (const [name, messages] of Object.entries(fields)) {
      if (Array.isArray(messages)) out[name] = messages.map(String);
      else if (typeof messages === 'string') out[name] = [messages];
    }
    return out;
  }
}

export interface ApiClient {
  call<N extends OperationName>(operation: N, input: ApiInput<N>): Promise<ApiOutput<N>>;
  subscribe(listener: ChangeListener): () => void;
  /** Present when the transport can fetch files the engine serves (HTTP, not IPC). */
  fetchFile?: (url: string) => Promise<Blob>;
}

function valueOf<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.status, result.error.code, result.error.message, result.error.details);
}

export function createApiClient(transport: Transport): ApiClient {
  const fetchFile = transport.fetchFile?.bind(transport);
  return {
    call: async (operation, input) => valueOf(await transport.call(operation, input)),
    subscribe: (listener) => transport.subscribe(listener),
    ...(fetchFile ? { fetchFile: async (url: string) => valueOf(await fetchFile(url)) } : {}),
  };
}
