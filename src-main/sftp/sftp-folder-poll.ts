import { posix } from 'node:path';
import { ConnectorSettings, SftpSettings } from '../../src-shared/connectors';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { NdjsonIntake } from '../fhir/ndjson-intake';
import { Hl7ParseError, splitHl7FileBytes } from '../hl7';
import type { JobKind } from '../jobs/runner';
import type { TurnResult } from '../jobs/turn-schedule';
import type { Intake, IntakeConnector } from '../messages/intake';
import { sftpTargetOf, type SftpConnectorConfig, type SftpTarget } from './sftp-endpoint';
import { openSftpSession, type SftpFile, type SftpSession, type SftpTimeouts } from './sftp-session';

export const SFTP_POLL_KIND = 'sftp-folder-poll';

/** An active SFTP connector that polls (inbound or bidirectional), with its decrypted auth config. */
export interface PolledConnector extends SftpConnectorConfig {
  readonly tenantId: string;
  readonly protocol: string;
  readonly direction: string;
  readonly messageTypes: readonly string[];
  readonly auth: Readonly<Record<string, string>> | null;
}

export interface SftpFolderPollDeps {
  connectors(): PolledConnector[];
  intake: Pick<Intake, 'acceptFromFile'>;
  ndjson: NdjsonIntake;
  recordError(tenantId: string, connectorId: string, code: string, message: string, at: number): void;
  /** The connector's last error as the console shows it; null clears it. */
  reportError(connectorId: string, error: string | null): void;
  clock: Clock;
  logger: Logger;
  timeouts?: SftpTimeouts;
  /** How often the kind looks for connectors whose poll is due (default 1 s); each polls at its pollIntervalSeconds. */
  intervalMs?: number;
}

/** The active SFTP connectors that poll a folder (inbound or bidirectional), with their auth configs. */
export function pollingSftpConnectors<R extends Omit<PolledConnector, 'auth'>>(active: readonly R[], readAuth: (row: R) => Record<string, string> | null): PolledConnector[] {
  return active.filter((row) => row.protocol === 'sftp' && row.direction !== 'outbound').map((row) => ({ ...row, auth: readAuth(row) }));
}

const TAKEN = /\.(hl7|txt|ndjson)$/i;
/** File messages are never answered; FULL: a file is moved away only after its messages survive a power cut. */
const FILE_INTAKE_SETTINGS = ConnectorSettings.parse({ ackMode: 'never', durability: 'FULL' });

/**
 * The runner's `sftp-folder-poll` kind: for each active polling SFTP connector whose interval is due,
 * lists its remote folder and takes every `*.hl7`, `*.txt` and `*.ndjson` file in it, oldest first.
 * An HL7 file is split into messages, each stored through intake (the file's `sftp://` URL as the
 * message's remote address), then the file is moved to `processed/`; a file that cannot be split goes
 * to `error/` with an interface error naming the line. NDJSON resources go to the local FHIR store.
 *
 * Nothing tracks taken files: a crash after storing a file's messages but before moving it takes the
 * file again, and intake's dedup (connector, MSH-10, MSH-3, content hash) counts each accepted message
 * as a duplicate of the one kept instead of storing it twice. Messages rejected at intake are outside
 * dedup and are recorded again; NDJSON resources with an id are updated (no change), those without one
 * are created again.
 */
export function sftpFolderPollKind(deps: SftpFolderPollDeps): JobKind {
  const dueAt = new Map<string, number>();

  const intakeConnector = (c: PolledConnector): IntakeConnector => ({
    connectorId: c.id,
    tenantId: c.tenantId,
    policy: c.messageTypes.length > 0 ? { messageTypes: c.messageTypes } : {},
    settings: FILE_INTAKE_SETTINGS,
  });

  async function takeHl7(c: PolledConnector, target: SftpTarget, file: SftpFile, path: string, bytes: Buffer): Promise<'processed' | 'error'> {
    // Each message is stored with the file's exact bytes; intake decodes it by its own MSH-18.
    let messages: Buffer[];
    try {
      messages = splitHl7FileBytes(bytes).messages;
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      deps.recordError(c.tenantId, c.id, error.code, `file ${file.name}: ${error.message}`, deps.clock.now());
      return 'error';
    }
    const source = `sftp://${target.endpoint.host}:${target.endpoint.port}${path}`;
    // Submitted together, in file order, so intake commits (and fsyncs) them as a group.
    const connector = intakeConnector(c);
    await Promise.all(messages.map((message) => deps.intake.acceptFromFile(connector, message, source)));
    return 'processed';
  }

  function takeNdjson(c: PolledConnector, file: SftpFile, bytes: Buffer): 'processed' | 'error' {
    const { written, failures } = deps.ndjson(c.tenantId, bytes.toString('utf8'));
    for (const f of failures) deps.recordError(c.tenantId, c.id, 'NDJSON_BAD_LINE', `file ${file.name} line ${f.line}: ${f.message}`, deps.clock.now());
    return written === 0 && failures.length > 0 ? 'error' : 'processed';
  }

  /** Moves a taken file into `processed/` or `error/`, never over another file of that name. */
  async function moveAway(session: SftpSession, dir: string, name: string, to: 'processed' | 'error'): Promise<void> {
    const folder = posix.join(dir, to);
    await session.ensureDir(folder);
    const target = posix.join(folder, name);
    await session.rename(posix.join(dir, name), (await session.exists(target)) ? posix.join(folder, `${deps.clock.now()}-${name}`) : target);
  }

  async function poll(c: PolledConnector, signal: AbortSignal): Promise<void> {
    const target = sftpTargetOf(c, c.auth);
    const dir = target.settings.remoteDir;
    const session = await openSftpSession(target.endpoint, deps.timeouts);
    try {
      const files = (await session.listFiles(dir)).filter((f) => TAKEN.test(f.name));
      for (const file of files) {
        if (signal.aborted) return;
        const path = posix.join(dir, file.name);
        const bytes = await session.read(path);
        const outcome = /\.ndjson$/i.test(file.name) ? takeNdjson(c, file, bytes) : await takeHl7(c, target, file, path, bytes);
        await moveAway(session, dir, file.name, outcome);
        deps.logger.log('info', 'sftp file taken', { connector: c.id, outcome, bytes: bytes.length });
      }
    } finally {
      session.close();
    }
  }

  return {
    kind: SFTP_POLL_KIND,
    intervalMs: deps.intervalMs ?? 1_000,
    async tick(now, signal): Promise<TurnResult> {
      const active = deps.connectors();
      for (const id of dueAt.keys()) if (!active.some((c) => c.id === id)) dueAt.delete(id);
      for (const c of active) {
        if (signal.aborted) break;
        if ((dueAt.get(c.id) ?? 0) > now) continue;
        dueAt.set(c.id, now + SftpSettings.parse(c.settings).pollIntervalSeconds * 1000);
        try {
          await poll(c, signal);
          deps.reportError(c.id, null);
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'SFTP_FAILED';
          deps.logger.log('warn', 'sftp folder poll failed', { connector: c.id, code });
          deps.reportError(c.id, error instanceof Error ? `${code}: ${error.message}` : code);
        }
      }
      return 'idle';
    },
  };
}
