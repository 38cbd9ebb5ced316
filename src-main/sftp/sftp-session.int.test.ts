import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../../test/support/sftp-server';
import { AppError } from '../core/errors';
import { openSftpSession, type SftpEndpoint } from './sftp-session';

const key = generateSshKeyPair();
let server: SftpTestServer;
let endpoint: SftpEndpoint;

beforeEach(async () => {
  server = await startSftpServer({ username: 'partner', password: 's3cret', publicKey: key.publicKey });
  mkdirSync(join(server.root, 'out'));
  endpoint = { host: '127.0.0.1', port: server.port, username: 'partner', password: 's3cret', hostKeyFingerprint: server.hostKeyFingerprint };
});
afterEach(() => server.close());

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
};

describe('SFTP session', () => {
  it('uploads under a temporary name and renames it, leaving only the final file', async () => {
    const session = await openSftpSession(endpoint);
    try {
      expect(await session.putAtomically('/out', 'a.hl7', Buffer.from('MSH|^~\\&|A'))).toBe('written');
    } finally {
      session.close();
    }
    expect(readdirSync(join(server.root, 'out'))).toEqual(['a.hl7']);
    expect(readFileSync(join(server.root, 'out', 'a.hl7'), 'utf8')).toBe('MSH|^~\\&|A');
  });

  it('authenticates with a private key', async () => {
    const session = await openSftpSession({ ...endpoint, password: undefined, privateKey: key.privateKey });
    try {
      await session.putAtomically('/out', 'k.hl7', Buffer.from('x'));
    } finally {
      session.close();
    }
    expect(existsSync(join(server.root, 'out', 'k.hl7'))).toBe(true);
  });

  it('refuses a server whose host key does not match the configured fingerprint, before sending credentials', async () => {
    const other = await startSftpServer({ username: 'partner', password: 's3cret' });
    try {
      expect(await codeOf(openSftpSession({ ...endpoint, hostKeyFingerprint: other.hostKeyFingerprint }))).toBe('SFTP_HOST_KEY_MISMATCH');
    } finally {
      await other.close();
    }
  });

  it('accepts the fingerprint without its SHA256: prefix and with base64 padding', async () => {
    const bare = `${server.hostKeyFingerprint.slice('SHA256:'.length)}=`;
    (await openSftpSession({ ...endpoint, hostKeyFingerprint: bare })).close();
  });

  it('answers SFTP_AUTH_FAILED for a wrong password', async () => {
    expect(await codeOf(openSftpSession({ ...endpoint, password: 'wrong' }))).toBe('SFTP_AUTH_FAILED');
  });

  it('answers SFTP_PRIVATE_KEY_UNREADABLE for a key that is not a key', async () => {
    expect(await codeOf(openSftpSession({ ...endpoint, privateKey: 'not a key' }))).toBe('SFTP_PRIVATE_KEY_UNREADABLE');
  });

  it('answers SFTP_UNREACHABLE when nothing listens', async () => {
    await server.stop();
    expect(await codeOf(openSftpSession(endpoint))).toBe('SFTP_UNREACHABLE');
  });

  it('answers SFTP_TIMEOUT when the server accepts the connection but never speaks', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      expect(await codeOf(openSftpSession({ ...endpoint, port }, { connectMs: 300 }))).toBe('SFTP_TIMEOUT');
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it('answers SFTP_TIMEOUT when the server stops answering requests, and drops the connection', async () => {
    const session = await openSftpSession(endpoint, { operationMs: 300 });
    server.stalled = true;
    expect(await codeOf(session.listFiles('/out'))).toBe('SFTP_TIMEOUT');
    server.stalled = false;
    expect(await codeOf(session.listFiles('/out'))).toBe('SFTP_UNREACHABLE');
    session.close();
  });

  it('never overwrites a file with other content, and reports the same content as unchanged', async () => {
    writeFileSync(join(server.root, 'out', 'a.hl7'), 'theirs');
    const session = await openSftpSession(endpoint);
    try {
      expect(await codeOf(session.putAtomically('/out', 'a.hl7', Buffer.from('ours')))).toBe('SFTP_TARGET_EXISTS');
      expect(await session.putAtomically('/out', 'a.hl7', Buffer.from('theirs'))).toBe('unchanged');
    } finally {
      session.close();
    }
    expect(readdirSync(join(server.root, 'out'))).toEqual(['a.hl7']);
    expect(readFileSync(join(server.root, 'out', 'a.hl7'), 'utf8')).toBe('theirs');
  });

  it('answers SFTP_PERMISSION_DENIED for a folder it may not write, and SFTP_NO_SUCH_PATH for one that is missing', async () => {
    server.readOnly.add('/out');
    const session = await openSftpSession(endpoint);
    try {
      expect(await codeOf(session.putAtomically('/out', 'a.hl7', Buffer.from('x')))).toBe('SFTP_PERMISSION_DENIED');
      expect(await codeOf(session.putAtomically('/missing', 'a.hl7', Buffer.from('x')))).toBe('SFTP_NO_SUCH_PATH');
    } finally {
      session.close();
    }
  });

  it('fails the calls of a session whose server went away with SFTP_UNREACHABLE', async () => {
    const session = await openSftpSession(endpoint);
    await server.stop();
    expect(await codeOf(session.listFiles('/out'))).toBe('SFTP_UNREACHABLE');
    session.close();
  });

  it('lists regular files only, oldest first, and reads them', async () => {
    writeFileSync(join(server.root, 'out', 'b.hl7'), 'B');
    writeFileSync(join(server.root, 'out', '.hidden.part'), 'H');
    mkdirSync(join(server.root, 'out', 'processed'));
    const session = await openSftpSession(endpoint);
    try {
      const files = await session.listFiles('/out');
      expect(files.map((f) => [f.name, f.size])).toEqual([['b.hl7', 1]]);
      expect((await session.read('/out/b.hl7')).toString()).toBe('B');
      await session.ensureDir('/out/processed');
      await session.ensureDir('/out/error');
      await session.rename('/out/b.hl7', '/out/processed/b.hl7');
    } finally {
      session.close();
    }
    expect(readdirSync(join(server.root, 'out')).sort()).toEqual(['.hidden.part', 'error', 'processed']);
  });
});
