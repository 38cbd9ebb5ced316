/**
 * The child side of child-server.ts: announce the port with `PORT <n>` on stdout, and stop on
 * SIGTERM or when stdin closes (the bench process exited, even if it never got to stop us).
 */
export function serveUntilStopped(port: number, stop: () => Promise<void>): void {
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
  process.stdout.write(`PORT ${port}\n`);
}
