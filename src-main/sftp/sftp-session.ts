import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import ssh2, { type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { AppError } from '../core/errors';

// ssh2 is CommonJS: its named exports are only reachable through the default import under Node's ESM.
const { Client, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

/** Where and as whom to connect: from an SFTP connector and its decrypted auth config. */
export interface SftpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password?: string | undefined;
  /** OpenSSH or PEM private key, for public-key auth. */
  readonly privateKey?: string | undefined;
  readonly passphrase?: string | undefined;
  /**
   * The server's host key as `SHA256:<base64>` (what `ssh-keygen -lf` prints); required. A server
   * presenting any other key is refused: there is no trust on first use.
   */
  readonly hostKeyFingerprint: string;
}

export interface SftpTimeouts {
  /** TCP connect, SSH handshake and authentication together. */
  readonly connectMs?: number;
  /** Each file operation; the connection is dropped when one takes longer. */
  readonly operationMs?: number;
}

export interface SftpFile {
  readonly name: string;
  readonly size: number;
  /** Modification time in epoch ms (SFTP carries whole seconds). */
  readonly mtimeMs: number;
}

/** What putAtomically did: wrote the file, or found the very same content already there (a replay). */
export type PutResult = 'written' | 'unchanged';

export interface SftpSession {
  /** Regular files directly in `dir` (no directories, no dot files). */
  listFiles(dir: string): Promise<SftpFile[]>;
  read(path: string): Promise<Buffer>;
  exists(path: string): Promise<boolean>;
  /**
   * Uploads to `<dir>/.<name>.part`, then renames it to `<dir>/<name>`, so a reader of the folder
   * never sees half a file. Never overwrites: a target with other content fails SFTP_TARGET_EXISTS.
   */
  putAtomically(dir: string, name: string, content: Buffer): Promise<PutResult>;
  /** Renames without overwriting (SFTP v3 RENAME). */
  rename(from: string, to: string): Promise<void>;
  /** Creates `dir` unless it exists. */
  ensureDir(dir: string): Promise<void>;
  close(): void;
}

const DEFAULT_CONNECT_MS = 15_000;
const DEFAULT_OPERATION_MS = 30_000;

/** `SHA256:<base64 without padding>` of an SSH public key blob, as OpenSSH prints it. */
export const sha256Fingerprint = (keyBlob: Buffer): string => `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;

const normalizeFingerprint = (fingerprint: string): string => {
  const bare = fingerprint.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${bare}`;
};

/** Connects, verifies the host key, authenticates and opens the SFTP subsystem. */
export function openSftpSession(endpoint: SftpEndpoint, timeouts: SftpTimeouts = {}): Promise<SftpSession> {
  const expected = normalizeFingerprint(endpoint.hostKeyFingerprint);
  let presented: string | undefined;
  const client = new Client();
  const config: ConnectConfig = {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.username,
    readyTimeout: timeouts.connectMs ?? DEFAULT_CONNECT_MS,
    keepaliveInterval: 10_000,
    keepaliveCountMax: 3,
    hostVerifier: (key: Buffer) => {
      presented = sha256Fingerprint(key);
      return presented === expected;
    },
    ...(endpoint.privateKey !== undefined ? { privateKey: endpoint.privateKey, passphrase: endpoint.passphrase } : { password: endpoint.password }),
  };
  return new Promise<SftpSession>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(connectError(error, endpoint, presented, expected));
    };
    const closed = (): void => fail(new AppError('unavailable', 'SFTP_UNREACHABLE', 'the SFTP server closed the connection', { host: endpoint.host, port: endpoint.port }));
    // ssh2 may emit more than one error for one failure (e.g. a timeout, then the lost socket).
    client.on('error', fail);
    client.on('close', closed);
    client.once('ready', () => {
      client.sftp((error, sftp) => {
        if (error) return fail(error);
        settled = true;
        client.removeListener('error', fail);
        client.removeListener('close', closed);
        resolve(session(client, sftp, timeouts.operationMs ?? DEFAULT_OPERATION_MS));
      });
    });
    try {
      client.connect(config);
    } catch (error) {
      client.end();
      reject(new AppError('validation', 'SFTP_PRIVATE_KEY_UNREADABLE', 'the private key in the connector\'s auth config cannot be read', undefined, { cause: error }));
    }
  });
}

function connectError(error: unknown, endpoint: SftpEndpoint, presented: string | undefined, expected: string): AppError {
  if (error instanceof AppError) return error;
  const where = { host: endpoint.host, port: endpoint.port };
  if (presented !== undefined && presented !== expected) {
    return new AppError('forbidden', 'SFTP_HOST_KEY_MISMATCH', `the SFTP server presented host key ${presented}, not the configured ${expected}`, { ...where, presented, expected }, { cause: error });
  }
  const level = (error as { level?: string }).level;
  if (level === 'client-authentication') return new AppError('unauthorized', 'SFTP_AUTH_FAILED', `the SFTP server refused the credentials of ${endpoint.username}`, where, { cause: error });
  if (level === 'client-timeout') return new AppError('unavailable', 'SFTP_TIMEOUT', 'the SFTP server did not complete the handshake in time', where, { cause: error });
  const code = (error as NodeJS.ErrnoException).code;
  return new AppError('unavailable', 'SFTP_UNREACHABLE', `cannot reach the SFTP server${code ? ` (${code})` : ''}`, { ...where, ...(code ? { errno: code } : {}) }, { cause: error });
}

/** An SFTP status answer (or a dropped connection) as an AppError naming the path. */
function operationError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { code?: unknown } | undefined)?.code;
  switch (status) {
    case STATUS_CODE.NO_SUCH_FILE:
      return new AppError('not_found', 'SFTP_NO_SUCH_PATH', `no such file or folder on the SFTP server: ${path}`, { path }, { cause: error });
    case STATUS_CODE.PERMISSION_DENIED:
      return new AppError('forbidden', 'SFTP_PERMISSION_DENIED', `the SFTP server denied access to ${path}`, { path }, { cause: error });
    case STATUS_CODE.NO_CONNECTION:
    case STATUS_CODE.CONNECTION_LOST:
    case undefined:
      return new AppError('unavailable', 'SFTP_UNREACHABLE', `the SFTP connection was lost during an operation on ${path}`, { path }, { cause: error });
    default:
      return new AppError('unavailable', 'SFTP_FAILED', `the SFTP server failed an operation on ${path}`, { path, status }, { cause: error });
  }
}

function session(client: InstanceType<typeof Client>, sftp: SFTPWrapper, operationMs: number): SftpSession {
  let lost: unknown;
  // After the handshake an error or close means the connection is gone: every pending and later call fails.
  client.on('error', (error) => (lost ??= error));
  client.on('close', () => (lost ??= new Error('closed')));

  /** Runs one SFTP request with the operation timeout; a timeout drops the connection. */
  const call = <T>(path: string, run: (done: (error: unknown, value?: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (lost !== undefined) return reject(operationError(undefined, path));
      const timer = setTimeout(() => {
        client.end();
        reject(new AppError('unavailable', 'SFTP_TIMEOUT', `the SFTP server did not answer within ${operationMs} ms (${path})`, { path }));
      }, operationMs);
      const onClose = (): void => settle(undefined);
      const settle = (error: unknown, value?: T): void => {
        clearTimeout(timer);
        client.removeListener('close', onClose);
        if (error !== undefined && error !== null) reject(operationError(error, path));
        else if (lost !== undefined) reject(operationError(undefined, path));
        else resolve(value as T);
      };
      client.once('close', onClose);
      run(settle);
    });

  const exists = async (path: string): Promise<boolean> => {
    try {
      await call(path, (done) => sftp.stat(path, done));
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'SFTP_NO_SUCH_PATH') return false;
      throw error;
    }
  };
  const read = (path: string): Promise<Buffer> => call<Buffer>(path, (done) => sftp.readFile(path, done));
  const rename = (from: string, to: string): Promise<void> => call<void>(to, (done) => sftp.rename(from, to, done));
  const remove = (path: string): Promise<void> => call<void>(path, (done) => sftp.unlink(path, done));
  const targetExists = (target: string): AppError =>
    new AppError('conflict', 'SFTP_TARGET_EXISTS', `${target} already exists on the SFTP server with other content; it is not overwritten`, { path: target });

  return {
    listFiles: async (dir) => {
      const entries = await call<ssh2.FileEntryWithStats[]>(dir, (done) => sftp.readdir(dir, done));
      return entries
        .filter((e) => e.attrs.isFile() && !e.filename.startsWith('.'))
        .map((e) => ({ name: e.filename, size: e.attrs.size, mtimeMs: e.attrs.mtime * 1000 }))
        .sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    },
    read,
    exists,
    rename,
    ensureDir: async (dir) => {
      if (await exists(dir)) return;
      await call<void>(dir, (done) => sftp.mkdir(dir, done));
    },
    putAtomically: async (dir, name, content) => {
      const target = posix.join(dir, name);
      const part = posix.join(dir, `.${name}.part`);
      if (await exists(target)) {
        if ((await read(target)).equals(content)) return 'unchanged';
        throw targetExists(target);
      }
      await call<void>(part, (done) => sftp.writeFile(part, content, done));
      try {
        await rename(part, target);
      } catch (error) {
        // SFTP v3 RENAME refuses an existing target; someone wrote it between our check and the rename.
        const raced = lost === undefined && (await exists(target));
        if (lost === undefined) await remove(part).catch(() => undefined);
        if (raced) {
          if ((await read(target)).equals(content)) return 'unchanged';
          throw targetExists(target);
        }
        throw error;
      }
      return 'written';
    },
    close: () => client.end(),
  };
}
