import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, type Engine } from '../../src-main/bootstrap';

/** A second engine serving FHIR as a sync's upstream: its own temp data dir, a loopback port kept across `stop()` / `start()`. */
export interface UpstreamEngine {
  /** Its FHIR base URL (…/fhir/R4). */
  fhirUrl: string;
  engine: Engine;
  /** Stops it (the upstream is down) keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startUpstreamEngine(): Promise<UpstreamEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interop-upstream-'));
  let engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 } });
  const port = Number(new URL(engine.url as string).port);
  let running = true;
  const upstream: UpstreamEngine = {
    fhirUrl: `http://127.0.0.1:${port}/fhir/R4`,
    engine,
    async stop() {
      running = false;
      await engine.stop();
    },
    async start() {
      engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port } });
      upstream.engine = engine;
      running = true;
    },
    async dispose() {
      if (running) await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return upstream;
}

/** FHIR JSON over HTTP: a PUT or GET on a server's FHIR base URL; answers the status and body. */
export async function fhirCall(baseUrl: string, method: 'GET' | 'PUT', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/${path}`, {
    method,
    headers: { accept: 'application/fhir+json', ...(body ? { 'content-type': 'application/fhir+json' } : {}), ...headers },
    // A string is sent as written (decimals keep their text); anything else as JSON.
    ...(body ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
