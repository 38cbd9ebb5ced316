import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, type Engine, type EngineConfig } from '../../src-main/bootstrap';

export interface TempEngine extends Engine {
  dataDir: string;
  /** Stops the engine and removes its data dir. */
  dispose(): Promise<void>;
}

/** A real engine on a fresh temp data dir, with HTTP on an ephemeral loopback port unless told otherwise. */
export async function startTempEngine(overrides: Partial<EngineConfig> = {}): Promise<TempEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interop-test-'));
  const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 }, ...overrides });
  return {
    ...engine,
    dataDir,
    async dispose() {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
