/**
 * MLLP load generator for the ingest benchmark: lanes that each send one message at a time and wait
 * for its ACK, on one persistent connection or on a new connection per message, every message of a
 * run of the same workload (type) with its own control id.
 */
import { MllpClient } from '../src-main/mllp/client';
import { adtA01, oru20 } from './corpus';

/** The message every send carries, with its own control id: a 20-OBX lab result or an admission. */
export type Workload = 'ORU^R01' | 'ADT^A01';

export interface LoadPlan {
  port: number;
  workload: Workload;
  /** Concurrent senders, each strictly sequential. */
  lanes: number;
  /** Total messages, split evenly over the lanes. */
  messages: number;
  /** A new TCP connection per message (connect + send + ACK + close) instead of one per lane. */
  connectionPerMessage: boolean;
  /** Lanes stop sending after this long; the result counts what was acknowledged by then. */
  budgetMs: number;
}

export interface LoadResult {
  sent: number;
  /** ACKs that were not AA/CA for the control id that was sent. */
  badAcks: number;
  /** Sends with no ACK at all (timeout, refused or dropped connection). */
  errors: number;
  wallMs: number;
  /** performance.now() when the first ACK arrived and when the last one did; NaN with none. */
  firstAckAt: number;
  lastAckAt: number;
  /** Send to ACK received, per acknowledged message (including connect for connection-per-message). */
  latenciesMs: number[];
}

const HOST = '127.0.0.1';
const ACK_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** The templates split around MSH-10, so each message gets its own control id (the engine deduplicates on it). */
function template(text: string): { head: string; tail: string } {
  const cut = (from: number, n: number): number => {
    let at = from;
    for (let i = 0; i < n; i++) at = text.indexOf('|', at) + 1;
    return at;
  };
  const start = cut(0, 9);
  return { head: text.slice(0, start), tail: text.slice(text.indexOf('|', start)) };
}
const templates: Record<Workload, { head: string; tail: string }> = { 'ORU^R01': template(oru20()), 'ADT^A01': template(adtA01()) };
let sequence = 0;

function nextMessage(workload: Workload): { text: string; controlId: string } {
  const n = sequence++;
  const { head, tail } = templates[workload];
  // The process id keeps control ids unique across load processes, so no run is answered as duplicates of another.
  const controlId = `B${process.pid}${n.toString().padStart(10, '0')}`;
  return { text: `${head}${controlId}${tail}`, controlId };
}

/** MSA-1 is AA or CA and MSA-2 echoes the control id sent. */
export function ackMatches(ack: Buffer, controlId: string): boolean {
  const msa = ack.toString('utf8').split(/\r\n|\r|\n/).find((s) => s.startsWith('MSA'))?.split('|') ?? [];
  return (msa[1] === 'AA' || msa[1] === 'CA') && msa[2] === controlId;
}

async function runLane(plan: LoadPlan, count: number, deadline: number, result: LoadResult): Promise<void> {
  const connect = async (): Promise<MllpClient> => {
    const pending = MllpClient.connect({ host: HOST, port: plan.port, timeoutMs: ACK_TIMEOUT_MS });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      void pending.then((late) => late.close(), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  let persistent: MllpClient | undefined;
  try {
    if (!plan.connectionPerMessage) persistent = await connect();
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      const { text, controlId } = nextMessage(plan.workload);
      const start = performance.now();
      let client = persistent;
      result.sent++;
      try {
        client ??= await connect();
        const ack = await client.send(text);
        const now = performance.now();
        result.latenciesMs.push(now - start);
        if (Number.isNaN(result.firstAckAt)) result.firstAckAt = now;
        result.lastAckAt = now;
        if (!ackMatches(ack, controlId)) result.badAcks++;
      } catch {
        result.errors++;
        // A persistent connection that missed an ACK can no longer pair ACKs with messages.
        if (persistent) return;
      } finally {
        if (client !== persistent && client) await closeWithin(client);
      }
    }
  } catch {
    result.errors++;
  } finally {
    if (persistent) await closeWithin(persistent);
  }
}

/** A server that never answers the FIN must not stall the lane. */
const closeWithin = (client: MllpClient, ms = 1_000): Promise<void> =>
  Promise.race([client.close(), new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, badAcks: 0, errors: 0, wallMs: 0, firstAckAt: Number.NaN, lastAckAt: Number.NaN, latenciesMs: [] };
  const start = performance.now();
  const deadline = start + plan.budgetMs;
  const perLane = Math.ceil(plan.messages / plan.lanes);
  await Promise.all(Array.from({ length: plan.lanes }, () => runLane(plan, perLane, deadline, result)));
  result.wallMs = performance.now() - start;
  return result;
}

/** The q-quantile (0..1) of the values, nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
