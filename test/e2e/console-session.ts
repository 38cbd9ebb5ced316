import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, openConsole, startHeadless, type HeadlessConsole } from '../support/console-browser';

/**
 * What the console e2e files share: one built headless engine (port 0, fresh data dir) and one Debian
 * chromium per describe block, calls to the engine's REST API, finding a message the engine received,
 * and how long to wait for engine work.
 */

/** Engine work (change events, refetches) can take seconds on a busy machine; expect.poll's default is 1 s. */
export const eventually = { timeout: 15_000 };
/** A message received, processed and mapped into FHIR, on a busy machine. */
export const eventuallyMapped = { timeout: 20_000 };

export interface ConsoleSession {
  readonly engine: HeadlessConsole;
  readonly browser: Browser;
  /** Opens the console at `path` (`connectors`, `messages/MSG_…`) once its shell has the engine's first answer. */
  open(path?: string): Promise<Page>;
}

/**
 * Starts the engine (with `args`, e.g. `['--token', t]`) and the browser before the enclosing describe
 * block's tests; after them closes the browser and expects the engine to exit with 0.
 */
export function useConsoleSession(args: string[] = []): ConsoleSession {
  let engine: HeadlessConsole | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    engine = await startHeadless(args);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    expect(await engine?.stop()).toBe(0);
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console session starts in beforeAll: use it inside a test');
    return value;
  };
  return {
    get engine() {
      return started(engine);
    },
    get browser() {
      return started(browser);
    },
    open: (path = '') => openConsole(started(browser), started(engine).url, path),
  };
}

/** A second engine for one test (a screenshot with its own data): started, handed to `use`, always stopped. */
export async function withEngine<T>(use: (engine: HeadlessConsole) => Promise<T>): Promise<T> {
  const engine = await startHeadless();
  try {
    return await use(engine);
  } finally {
    await engine.stop();
  }
}

/** A JSON call to the engine's REST API (with a bearer token if given); throws with the answer when it is not 2xx. */
export async function callApi<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) };
  const response = await fetch(new URL(path, baseUrl), { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** POST to the REST API: what it made (`{ id }` for a created connector or system). */
export const postApi = <T = { id: string }>(baseUrl: string, path: string, body: unknown, token?: string): Promise<T> => callApi<T>(baseUrl, 'POST', path, body, token);

/** The first message the log finds for `q` (a control id): its id and processing status. */
export async function findMessage(baseUrl: string, q: string): Promise<{ id: string; status: string } | undefined> {
  const page = await callApi<{ data: { id: string; status: string }[] }>(baseUrl, 'GET', `api/v1/hl7-messages?q=${encodeURIComponent(q)}`);
  return page.data[0];
}
