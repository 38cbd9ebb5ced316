import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../core/logger';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

/** A logger that remembers when each message was logged, with its fields. */
function recordingLogger() {
  const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = { log: (_level, message, fields) => void lines.push({ message, fields }) };
  const logged = async (message: string, timeoutMs: number) => {
    for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((r) => setTimeout(r, 20))) {
      const line = lines.find((l) => l.message === message);
      if (line) return line;
    }
    throw new Error(`"${message}" was not logged within ${timeoutMs} ms`);
  };
  return { logger, lines, logged };
}

const timed = async (request: Promise<Response>) => {
  const started = performance.now();
  const response = await request;
  await response.json();
  return { status: response.status, ms: performance.now() - started };
};

// Each test file runs in its own module scope, so the definitions start unloaded here.
describe('FHIR definitions loaded in the background at engine start', () => {
  let engine: TempEngine | undefined;
  afterEach(() => engine?.dispose());

  it('listens before the definitions are loaded, loads them without a request, and the first search then answers at once', async () => {
    const { logger, lines, logged } = recordingLogger();
    engine = await startTempEngine({ logger });
    expect(lines.map((l) => l.message)).toContain('engine started');
    expect(lines.map((l) => l.message)).not.toContain('FHIR definitions loaded');
    const loaded = await logged('FHIR definitions loaded', 60_000);
    const first = await timed(fetch(`${engine.url}fhir/R4/Patient?family=Nakamura`));
    expect(first.status).toBe(200);
    expect(first.ms).toBeLessThan(Number(loaded.fields?.ms) / 2);
  }, 90_000);
});

describe('a FHIR request that arrives while the definitions load', () => {
  let engine: TempEngine | undefined;
  afterEach(() => engine?.dispose());

  it('finishes the load itself and is answered', async () => {
    // Fresh engine modules, so the definitions are not yet loaded when the request comes.
    vi.resetModules();
    const fresh = await import('../../../test/support/temp-engine');
    engine = await fresh.startTempEngine();
    const created = await fetch(`${engine.url}fhir/R4/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Nakamura' }] }) });
    expect(created.status).toBe(201);
    const bundle = (await (await fetch(`${engine.url}fhir/R4/Patient?family=Nakamura`)).json()) as { total: number };
    expect(bundle.total).toBe(1);
  }, 90_000);
});
