import { spawn, type ChildProcess } from 'node:child_process';
import { Server } from 'node:net';

/** Another process that listens on `port` (a plain TCP server, nothing to do with the engine) until killed. */
export function holdPortInAnotherProcess(port: number, host = '127.0.0.1'): Promise<ChildProcess> {
  const script = `require('node:net').createServer().listen(${port}, ${JSON.stringify(host)}, () => console.log('listening'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`port holder exited with ${code}`)));
    child.stdout?.once('data', () => ready(child));
  });
}

export function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

/**
 * Closes the listening socket on `port` from outside its owner, as an OS-level failure would: finds the
 * real server among this process's open handles. Resolves once it no longer listens.
 */
export function closeListeningServer(port: number): Promise<void> {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const server = handles.find((h): h is Server => h instanceof Server && (h.address() as { port?: number } | null)?.port === port);
  if (!server) throw new Error(`nothing in this process listens on port ${port}`);
  return new Promise((done) => server.close(() => done()));
}
