import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  readonly port: number;
  /** The management API's base URL, for children that serve it (the engine). */
  readonly apiUrl?: string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a benchmark server entry in its own Node process (its own event loop, apart from the load
 * generator) and resolves once it prints `PORT <n>` (see lifecycle.ts).
 */
export function startChildServer(file: string, args: readonly string[] = [], readyTimeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/servers', file), ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(0).then(() => reject(new Error(`${file}: ${reason}`)));
    };
    const timer = setTimeout(() => fail(`not ready within ${readyTimeoutMs} ms`), readyTimeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited before ready (${signal ?? code})`));
    let apiUrl: string | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      apiUrl ??= /^API (\S+)$/.exec(line)?.[1];
      const port = /^PORT (\d+)$/.exec(line)?.[1];
      if (port === undefined || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ port: Number(port), stop, ...(apiUrl ? { apiUrl } : {}) });
    });
  });
}
