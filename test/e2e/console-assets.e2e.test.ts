import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startHeadless, type HeadlessConsole } from '../support/console-browser';

/** A GET with an explicit Accept-Encoding (fetch would add and undo its own), answering the raw bytes. */
function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('console assets', () => {
  let engine: HeadlessConsole;
  let browser: Browser;
  let scripts: string[];
  beforeAll(async () => {
    engine = await startHeadless();
    browser = await launchBrowser();
    const html = (await get(engine.url)).body.toString();
    scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it('sends every script of the first page brotli- or gzip-compressed, as the client accepts, and plain otherwise', async () => {
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) {
      const plain = await get(`${engine.url}${script}`);
      expect(plain.headers['content-encoding'], script).toBeUndefined();
      const br = await get(`${engine.url}${script}`, 'gzip, deflate, br');
      const gzip = await get(`${engine.url}${script}`, 'gzip');
      if (plain.body.length < 1024) continue;
      expect([br.headers['content-encoding'], gzip.headers['content-encoding']], script).toEqual(['br', 'gzip']);
      expect(br.headers.vary, script).toContain('accept-encoding');
      expect(brotliDecompressSync(br.body).equals(plain.body), script).toBe(true);
      expect(gunzipSync(gzip.body).equals(plain.body), script).toBe(true);
      expect(br.body.length, script).toBeLessThan(plain.body.length / 2);
    }
  });

  it('loads a page’s code only when the page is first visited', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${engine.url}#/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(requested.some((p) => /dashboard-page-.*\.js$/.test(p))).toBe(true);
    expect(requested.some((p) => /messages-page-.*\.js$/.test(p))).toBe(false);
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    expect(requested.some((p) => /messages-page-.*\.js$/.test(p))).toBe(true);
    await page.close();
  }, 60_000);
});
