import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawnEngine, tempDataDir } from './headless-process';

export interface HeadlessConsole {
  /** Base URL of the console, ending in `/`. */
  url: string;
  /** SIGTERM, wait for the exit, remove the data dir; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The built headless engine (`out/main/headless.js`) on port 0 with a fresh data dir. */
export async function startHeadless(args: string[] = []): Promise<HeadlessConsole> {
  const dataDir = tempDataDir();
  try {
    const engine = await spawnEngine(args, undefined, dataDir);
    return {
      url: engine.url,
      async stop() {
        const code = await engine.stop();
        rmSync(dataDir, { recursive: true, force: true });
        return code;
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Debian's chromium: Playwright's own browser download does not work on these machines. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens the console and waits until the shell has its first answer from the engine. */
export async function openConsole(browser: Browser, url: string, path = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  await page.goto(`${url}#/${path}`);
  await page.locator('[data-app-state="ready"]').waitFor();
  return page;
}

export async function screenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, animations: 'disabled' });
}
