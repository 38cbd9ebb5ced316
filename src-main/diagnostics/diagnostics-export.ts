import { strToU8, zipSync } from 'fflate';
import { arch, platform, release } from 'node:os';
import type { Alert, Connector, DiagnosticsFile, InterfaceErrorGroup, OperationName, Result } from '../../src-shared';
import { isoTime, type Clock } from '../core/clock';
import type { RequestContext } from '../core/request-context';
import { APP_VERSION } from '../core/version';
import { alertSection, connectorSection, interfaceErrorSection } from './diagnostics-sections';

export interface DiagnosticsDeps {
  /** An operation as the caller (the dispatcher): each section reads what the console reads, then keeps only its allow-listed fields. */
  call: (name: OperationName, input: Record<string, unknown>, ctx: RequestContext) => Promise<Result<unknown>>;
  storeLevel: () => { sqliteVersion: string; migrationsApplied: number; lastMigrationAt: number | null };
  shippedMigrationAt: number;
  recentLog: () => string[];
  clock: Clock;
}

const README = `Interop Console diagnostics

versions.json          app, Node, Electron (when the desktop app), SQLite, operating system
health.json            the health snapshot (status and reasons)
store.json             data directory, sizes, disk, store settings, retention rules, backups, migration level
connectors.json        connectors' configuration: no auth values (only which auth fields are set), no secrets
alerts.json            the newest alerts: ids, types, severities, counts, times (no message text)
interface-errors.json  open interface errors grouped by cause: codes, sources, connector ids, counts, times
metrics.json           message counts and ACK latency per hour over the last 24 hours
engine-log.txt         the engine's recent log lines (ids, types and codes only, by rule)

No message payloads, patient names, identifiers or birth dates, and no secrets are included.
`;

/** `system.diagnostics`: a zip for support, built from the engine's own operations with PHI and secrets left out. */
export function createDiagnosticsExport(deps: DiagnosticsDeps) {
  const section = async <T>(ctx: RequestContext, name: OperationName, input: Record<string, unknown>, keep: (value: T) => unknown): Promise<unknown> => {
    const result = await deps.call(name, input, ctx);
    return result.ok ? keep(result.value as T) : { error: result.error.code };
  };
  return {
    async export(ctx: RequestContext): Promise<DiagnosticsFile> {
      const now = deps.clock.now();
      const level = deps.storeLevel();
      const files: Record<string, unknown> = {
        'versions.json': {
          app: APP_VERSION,
          node: process.versions.node,
          electron: process.versions.electron ?? null,
          sqlite: level.sqliteVersion,
          os: { platform: platform(), release: release(), arch: arch() },
        },
        'health.json': await section(ctx, 'system.health', {}, (health) => health),
        'store.json': {
          overview: await section(ctx, 'store.overview', {}, (overview) => overview),
          migrations: { applied: level.migrationsApplied, lastAppliedAt: level.lastMigrationAt === null ? null : isoTime(level.lastMigrationAt), lastShippedAt: isoTime(deps.shippedMigrationAt) },
        },
        'connectors.json': await section<{ data: Connector[] }>(ctx, 'connectors.list', { page: 1, pageSize: 500 }, (page) => page.data.map(connectorSection)),
        'alerts.json': await section<{ data: Alert[] }>(ctx, 'alerts.list', { page: 1, pageSize: 200 }, (page) => page.data.map(alertSection)),
        'interface-errors.json': await section<{ data: InterfaceErrorGroup[] }>(ctx, 'interfaceErrors.groups', { page: 1, pageSize: 200 }, (page) => page.data.map(interfaceErrorSection)),
        'metrics.json': await section(ctx, 'monitoring.metrics', { from: isoTime(now - 24 * 3_600_000), step: 'hour' }, (metrics) => metrics),
      };
      const zip = zipSync({
        'README.txt': strToU8(README),
        ...Object.fromEntries(Object.entries(files).map(([name, value]) => [name, strToU8(`${JSON.stringify(value, null, 2)}\n`)])),
        'engine-log.txt': strToU8(deps.recentLog().join('\n')),
      });
      return { name: `interop-diagnostics-${isoTime(now).replace(/[-:.]/g, '')}.zip`, contentType: 'application/zip', contentEncoding: 'base64', content: Buffer.from(zip).toString('base64') };
    },
  };
}
export type DiagnosticsExport = ReturnType<typeof createDiagnosticsExport>;
