import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFile, openUrl } from './import-source';

const CONTENT = Buffer.from(Array.from({ length: 2000 }, (_, i) => `{"resourceType":"Basic","id":"b${i}"}`).join('\n'));

async function bytesOf(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('import sources resume at a byte offset', () => {
  let server: Server;
  let base: string;
  const ranges: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      ranges.push(request.headers.range);
      if (request.url === '/missing') return response.writeHead(404).end();
      const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      // /plain ignores Range like many simple file servers; /ranged honours it.
      if (request.url === '/ranged' && match) {
        const start = Number(match[1]);
        if (start >= CONTENT.length) return response.writeHead(416).end();
        return response.writeHead(206, { 'content-range': `bytes ${start}-${CONTENT.length - 1}/${CONTENT.length}` }).end(CONTENT.subarray(start));
      }
      response.writeHead(200);
      for (let at = 0; at < CONTENT.length; at += 1000) response.write(CONTENT.subarray(at, at + 1000));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks for a range and gets the rest of the body from a server that honours it', async () => {
    ranges.length = 0;
    expect(await bytesOf(await openUrl(`${base}/ranged`, 12_345, new AbortController().signal, fetch))).toEqual(CONTENT.subarray(12_345));
    expect(ranges).toEqual(['bytes=12345-']);
    expect(await bytesOf(await openUrl(`${base}/ranged`, CONTENT.length, new AbortController().signal, fetch))).toHaveLength(0);
  });

  it('skips the bytes already read when the server ignores the range', async () => {
    for (const start of [0, 999, 1000, 1001, 54_321]) {
      expect(await bytesOf(await openUrl(`${base}/plain`, start, new AbortController().signal, fetch))).toEqual(CONTENT.subarray(start));
    }
  });

  it('fails with the status of a server that answers an error, and with the cause of a network error', async () => {
    await expect(openUrl(`${base}/missing`, 0, new AbortController().signal, fetch)).rejects.toMatchObject({ code: 'FHIR_IMPORT_SOURCE_UNREADABLE', message: 'answered 404' });
    await expect(openUrl('http://127.0.0.1:1/x.ndjson', 0, new AbortController().signal, fetch)).rejects.toMatchObject({ code: 'FHIR_IMPORT_SOURCE_UNREADABLE' });
  });

  it('reads a local file from an offset and fails clearly for a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-source-'));
    try {
      writeFileSync(join(dir, 'a.ndjson'), CONTENT);
      expect(await bytesOf(await openFile(join(dir, 'a.ndjson'), 777, new AbortController().signal))).toEqual(CONTENT.subarray(777));
      await expect(openFile(join(dir, 'nope.ndjson'), 0, new AbortController().signal)).rejects.toMatchObject({ code: 'FHIR_IMPORT_SOURCE_UNREADABLE', message: 'cannot be read' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
