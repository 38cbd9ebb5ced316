import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { Hl7Message } from '../../src-main/hl7';
import type { Conversion } from '../../src-main/mapping/conversion';

/** This module, for an engine's `converterModule`. */
export const THREAD_PROBE_CONVERTER = fileURLToPath(import.meta.url);

/**
 * The file whose existence ends a `BUSY` message's mapping (set before the engine starts; threads copy
 * the environment); the mapping writes `<gate>.taken` when it starts spinning.
 */
export const PROBE_GATE_ENV = 'INTEROP_TEST_PROBE_GATE';

/** How long a `BUSY` mapping spins at most when its gate never appears (so a test on a blocked event loop still ends). */
const BUSY_LIMIT_MS = 30_000;

/**
 * A converter that tells where and how it ran: every conversion records the thread it ran on as a rule
 * error (`thread <id>`) and maps nothing. Control ids steer it: `CRASH…` ends the thread it runs on,
 * `BUSY…` keeps the CPU busy until the gate file exists.
 */
export function convert(message: Hl7Message): Conversion | undefined {
  const controlId = message.header.controlId ?? '';
  if (controlId.startsWith('CRASH')) process.exit(70);
  if (controlId.startsWith('BUSY')) {
    const gate = process.env[PROBE_GATE_ENV] ?? '';
    writeFileSync(`${gate}.taken`, '');
    const until = performance.now() + BUSY_LIMIT_MS;
    while (!existsSync(gate) && performance.now() < until);
  }
  return {
    bundle: { resourceType: 'Bundle', type: 'transaction', entry: [] },
    unmapped: [],
    errors: [{ ruleId: 'thread', source: 'MSH-10', target: 'thread', code: 'PROBE_THREAD', message: `thread ${threadId}` }],
    profile: { name: 'thread-probe', version: 1 },
  };
}
