/**
 * The child side of child-server.ts: announce the port with `PORT <n>` on stdout (after `API <url>`
 * for a child that serves the management API), and stop on
 * SIGTERM or when stdin closes (the bench process exited, even if it never got to stop us).
 */
export function serveUntilStopped(port: number, stop: () => Promise<void>, apiUrl?: string): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.stdin.once('close', shutdown);
  process.stdin.resume();
  // The API line comes first: the parent takes PORT as "ready".
  if (apiUrl) process.stdout.write(`API ${apiUrl}\n`);
  process.stdout.write(`PORT ${port}\n`);
}
