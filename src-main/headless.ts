import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createAdmin, readPasswordLine } from './access/create-admin';
import { readTlsFiles } from './api/tls-files';
import { DATABASE_FILE, bootstrap, type Engine } from './bootstrap';
import { AppError } from './core/errors';
import { createLogger } from './core/logger';
import { USAGE, parseHeadlessArgs } from './headless-args';
import { supervisionFrom, type EngineReadyMessage } from './supervisor/supervision-env';

/** Headless entry: the same engine as the desktop, serving the console and APIs over HTTP. */
async function main(): Promise<void> {
  const parsed = parseHeadlessArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    process.stderr.write(`interop-console: ${parsed.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { args } = parsed;
  if (args.createAdmin !== undefined) {
    await createAdminAndExit(args.createAdmin, resolve(args.dataDir));
    return;
  }
  const tls = args.tls && readTlsFiles(args.tls.certFile, args.tls.keyFile);
  if (tls && !tls.ok) {
    process.stderr.write(`interop-console: cannot start: ${tls.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(process.env.INTEROP_LOG_LEVEL === 'debug' ? 'debug' : 'info', (line) => process.stderr.write(`${line}\n`));
  // Listening for the stop signals before the engine starts: one that arrives while it starts stops it
  // once it has started, instead of killing it halfway (a migration, a processing thread loading).
  const run: { engine?: Engine; stopping?: string; stopped?: boolean } = {};
  const shutdown = (signal: string) => {
    run.stopping ??= signal;
    if (!run.engine || run.stopped) return;
    run.stopped = true;
    logger.log('info', 'stopping', { signal });
    run.engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Under a supervisor (headless-supervisor.ts): when it is gone, however it went, this engine stops too.
  if (process.send) process.once('disconnect', () => shutdown('supervisor gone'));
  const engine = await bootstrap({
    dataDir: resolve(args.dataDir),
    logger,
    terminologyServer: args.terminologyServer,
    fetchAllow: args.fetchAllow,
    supervision: supervisionFrom(process.env),
    http: { host: args.host, port: args.port, accessToken: args.accessToken, serverNames: args.serverNames, ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}), rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)) },
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${args.port} on ${args.host} is already in use` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`interop-console: cannot start: ${reason}\n`);
    process.exit(1);
  });
  // The Console line is what scripts and tests wait for; the rest tells a person where things are and how to stop.
  process.stdout.write(`Console: ${engine.url}\nData directory: ${resolve(args.dataDir)}\nPress Ctrl+C to stop (the engine finishes what it is writing first).\n`);
  run.engine = engine;
  if (process.send && engine.url) {
    const address = new URL(engine.url);
    const ready: EngineReadyMessage = { type: 'engine-ready', url: engine.url, port: Number(address.port || (address.protocol === 'https:' ? 443 : 80)) };
    process.send(ready);
  }
  if (run.stopping) shutdown(run.stopping);
}

async function createAdminAndExit(username: string, dataDir: string): Promise<void> {
  try {
    const password = process.env.INTEROP_ADMIN_PASSWORD || (await readPasswordLine(process.stdin));
    const admin = await createAdmin({ dataDir, databaseFile: DATABASE_FILE, username, password });
    process.stdout.write(`Created admin ${admin.username} (${admin.id}) in ${dataDir}\n`);
  } catch (error) {
    const fields = error instanceof AppError ? (error.details as { fields?: Record<string, string[]> } | undefined)?.fields : undefined;
    const reason = fields ? Object.entries(fields).map(([field, messages]) => `${field} ${messages.join('; ')}`).join('; ') : error instanceof Error ? error.message : String(error);
    process.stderr.write(`interop-console: cannot create the admin: ${reason}\n`);
    process.exit(1);
  }
}

void main();
