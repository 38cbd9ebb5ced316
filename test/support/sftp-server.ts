import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ssh2, { type Attributes, type AuthContext, type Connection, type FileEntry, type SFTPWrapper } from 'ssh2';

// ssh2 is CommonJS: its named exports are only reachable through the default import under Node's ESM.
const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SftpTestUser {
  readonly username: string;
  /** Accepted password; omit to refuse password auth. */
  readonly password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA…`) accepted for public-key auth. */
  readonly publicKey?: string;
}

export interface SftpTestServer {
  /** The local directory served as the SFTP root `/`. */
  readonly root: string;
  readonly port: number;
  /** `SHA256:<base64, no padding>` of the host key, as `ssh-keygen -l` prints it. */
  readonly hostKeyFingerprint: string;
  /** Paths (SFTP, e.g. `/out`) under which every write, rename and remove is answered PERMISSION_DENIED. */
  readonly readOnly: Set<string>;
  /** While true, SFTP requests get no answer at all (a hung server); the SSH connection stays up. */
  stalled: boolean;
  /** Stops listening and drops every connection (an outage); the root is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  /** Stops and removes the root. */
  close(): Promise<void>;
}

/**
 * A fresh ed25519 key pair in OpenSSH format (what ssh2 reads as a host key or client key). ssh2's
 * generator strips a public key's leading zero bytes, so about 1 pair in 256 is malformed and its own
 * parser rejects it (mscdex/ssh2#1390, #1513): such a pair is drawn again.
 */
export function generateSshKeyPair(): { privateKey: string; publicKey: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) {
      return { privateKey: pair.private, publicKey: pair.public };
    }
  }
}

/**
 * A real SFTP server (ssh2's server API) serving a temp directory on 127.0.0.1, for tests of the SFTP
 * session, senders and folder polling. It implements the requests an SFTP client sends for
 * list / get / put / rename / delete / mkdir / stat.
 */
export async function startSftpServer(user: SftpTestUser): Promise<SftpTestServer> {
  const root = fs.mkdtempSync(join(tmpdir(), 'interop-sftp-'));
  const hostKey = generateSshKeyPair();
  const hostKeyBlob = Buffer.from(hostKey.publicKey.split(' ')[1]!, 'base64');
  const hostKeyFingerprint = `SHA256:${createHash('sha256').update(hostKeyBlob).digest('base64').replace(/=+$/, '')}`;
  const readOnly = new Set<string>();
  const control = { stalled: false };
  const clients = new Set<Connection>();
  let port = 0;
  let server: ssh2.Server | undefined;

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = new Server({ hostKeys: [hostKey.privateKey] }, (client) => {
        clients.add(client);
        client.on('close', () => clients.delete(client));
        client.on('error', () => clients.delete(client));
        client.on('authentication', (ctx) => (authenticated(user, ctx) ? ctx.accept() : ctx.reject(['password', 'publickey'])));
        client.on('ready', () => {
          client.on('session', (acceptSession) => {
            acceptSession().on('sftp', (acceptSftp) => serveSftp(acceptSftp(), root, readOnly, control));
          });
        });
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const client of clients) client.end();
      clients.clear();
      if (server === undefined) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  await listen();
  return {
    root,
    get port() {
      return port;
    },
    hostKeyFingerprint,
    readOnly,
    get stalled() {
      return control.stalled;
    },
    set stalled(value: boolean) {
      control.stalled = value;
    },
    stop,
    restart: listen,
    close: async () => {
      await stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function authenticated(user: SftpTestUser, ctx: AuthContext): boolean {
  if (ctx.username !== user.username) return false;
  if (ctx.method === 'password') return user.password !== undefined && ctx.password === user.password;
  if (ctx.method !== 'publickey' || user.publicKey === undefined) return false;
  const allowed = utils.parseKey(user.publicKey);
  if (allowed instanceof Error) return false;
  const blob = allowed.getPublicSSH();
  if (ctx.key.algo !== allowed.type || ctx.key.data.length !== blob.length || !timingSafeEqual(ctx.key.data, blob)) return false;
  // Without a signature the client only asks whether this key would do; with one it proves it holds the key.
  return ctx.signature === undefined || ctx.blob === undefined || allowed.verify(ctx.blob, ctx.signature) === true;
}

type Handle = { kind: 'file'; fd: number } | { kind: 'dir'; entries: FileEntry[] | undefined; path: string };

function serveSftp(sftp: SFTPWrapper, root: string, readOnly: ReadonlySet<string>, control: { readonly stalled: boolean }): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const sftpPath = (p: string): string => posix.resolve('/', p);
  const local = (p: string): string => join(root, sftpPath(p));
  const denied = (p: string): boolean => [...readOnly].some((dir) => sftpPath(p) === dir || sftpPath(p).startsWith(`${dir}/`));
  const newHandle = (h: Handle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const handleOf = (buf: Buffer): Handle | undefined => (buf.length === 4 ? handles.get(buf.readUInt32BE()) : undefined);
  /** Runs `op`; an fs error becomes the matching SFTP status, success OK unless `op` answered itself. */
  const answer = (reqId: number, op: () => boolean | void): void => {
    if (control.stalled) return;
    try {
      if (op() !== true) sftp.status(reqId, STATUS_CODE.OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const status = code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' || code === 'EPERM' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE;
      sftp.status(reqId, status, code ?? 'failure');
    }
  };
  const deny = (reqId: number): true => {
    sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, 'read-only');
    return true;
  };

  sftp.on('OPEN', (reqId, filename, flags) =>
    answer(reqId, () => {
      const writes = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT)) !== 0;
      if (writes && denied(filename)) return deny(reqId);
      const mode = utils.sftp.flagsToString(flags) ?? 'r';
      sftp.handle(reqId, newHandle({ kind: 'file', fd: fs.openSync(local(filename), mode) }));
      return true;
    }),
  );
  sftp.on('READ', (reqId, handle, offset, length) =>
    answer(reqId, () => {
      const h = handleOf(handle);
      if (h?.kind !== 'file') throw Object.assign(new Error('bad handle'), { code: 'EBADF' });
      const buf = Buffer.alloc(length);
      const read = fs.readSync(h.fd, buf, 0, length, offset);
      if (read === 0) sftp.status(reqId, STATUS_CODE.EOF);
      else sftp.data(reqId, buf.subarray(0, read));
      return true;
    }),
  );
  sftp.on('WRITE', (reqId, handle, offset, data) =>
    answer(reqId, () => {
      const h = handleOf(handle);
      if (h?.kind !== 'file') throw Object.assign(new Error('bad handle'), { code: 'EBADF' });
      fs.writeSync(h.fd, data, 0, data.length, offset);
    }),
  );
  sftp.on('CLOSE', (reqId, handle) =>
    answer(reqId, () => {
      const h = handleOf(handle);
      if (h?.kind === 'file') fs.closeSync(h.fd);
      handles.delete(handle.readUInt32BE());
    }),
  );
  sftp.on('OPENDIR', (reqId, path) =>
    answer(reqId, () => {
      if (!fs.statSync(local(path)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      sftp.handle(reqId, newHandle({ kind: 'dir', entries: undefined, path }));
      return true;
    }),
  );
  sftp.on('READDIR', (reqId, handle) =>
    answer(reqId, () => {
      const h = handleOf(handle);
      if (h?.kind !== 'dir') throw Object.assign(new Error('bad handle'), { code: 'EBADF' });
      if (h.entries !== undefined) {
        sftp.status(reqId, STATUS_CODE.EOF);
        return true;
      }
      h.entries = fs.readdirSync(local(h.path)).map((name) => {
        const stats = fs.statSync(join(local(h.path), name));
        return { filename: name, longname: `${stats.isDirectory() ? 'd' : '-'}rw-r--r-- 1 u g ${stats.size} Jan 1 00:00 ${name}`, attrs: attributes(stats) };
      });
      sftp.name(reqId, h.entries);
      return true;
    }),
  );
  const stat = (reqId: number, path: string): void =>
    answer(reqId, () => {
      sftp.attrs(reqId, attributes(fs.statSync(local(path))));
      return true;
    });
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('FSTAT', (reqId, handle) =>
    answer(reqId, () => {
      const h = handleOf(handle);
      if (h?.kind !== 'file') throw Object.assign(new Error('bad handle'), { code: 'EBADF' });
      sftp.attrs(reqId, attributes(fs.fstatSync(h.fd)));
      return true;
    }),
  );
  sftp.on('SETSTAT', (reqId) => answer(reqId, () => undefined));
  sftp.on('FSETSTAT', (reqId) => answer(reqId, () => undefined));
  sftp.on('REALPATH', (reqId, path) => {
    if (control.stalled) return;
    const resolved = sftpPath(path);
    sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: {} as Attributes }]);
  });
  sftp.on('RENAME', (reqId, from, to) =>
    answer(reqId, () => {
      if (denied(from) || denied(to)) return deny(reqId);
      // SFTP v3 RENAME must not overwrite (draft-ietf-secsh-filexfer-02 §6.5), unlike POSIX rename.
      if (fs.existsSync(local(to))) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      fs.renameSync(local(from), local(to));
    }),
  );
  sftp.on('REMOVE', (reqId, path) => answer(reqId, () => (denied(path) ? deny(reqId) : fs.unlinkSync(local(path)))));
  sftp.on('MKDIR', (reqId, path) => answer(reqId, () => (denied(path) ? deny(reqId) : void fs.mkdirSync(local(path)))));
  sftp.on('RMDIR', (reqId, path) => answer(reqId, () => (denied(path) ? deny(reqId) : fs.rmdirSync(local(path)))));
}

function attributes(stats: fs.Stats): Attributes {
  return { mode: stats.mode, uid: 0, gid: 0, size: stats.size, atime: Math.floor(stats.atimeMs / 1000), mtime: Math.floor(stats.mtimeMs / 1000) };
}
