import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface EngineProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  stderr: () => string;
  stdout: () => string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'interop-e2e-'));

/** Runs a Node entry (default: the built headless engine) and waits for its `Console:` line. */
export function spawnEngine(args: string[], script = 'out/main/headless.js', dataDir = tempDataDir()): Promise<EngineProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, script), '--port', '0', '--data-dir', dataDir, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no Console line within 60 s; stderr: ${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`engine exited with ${code} before it was ready; stderr: ${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Console: (\S+)$/m.exec(stdout);
      if (!match?.[1]) return;
      clearTimeout(timer);
      ready({
        child,
        url: match[1],
        dataDir,
        stderr: () => stderr,
        stdout: () => stdout,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** Runs an entry to completion (for argument errors); resolves with its exit code and output. */
export function runToExit(args: string[], script = 'out/main/headless.js'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}
