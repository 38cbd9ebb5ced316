import type { Clock } from '../core/clock';
import type { Hl7Message } from '../hl7';
import type { OutboundPlanner } from '../outbound/outbound-planner';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { retryDecision, type RetryPolicy } from '../jobs/retry-policy';
import type { Runner } from '../jobs/runner';
import type { TurnResult } from '../jobs/turn-schedule';
import type { ClaimedMessage, DueMessage, Hl7ProcessingRepo, ProcessingResult } from '../store/hl7-processing-repo';
import { fromHl7Error, parseStored } from './hl7-failure';
import type { ProcessingSignal } from './intake';
import type { MappingCommit, MappingOutcome, MappingStep } from './mapping-step';
import { createProcessingWaiters, settlementOf, tallyOf, type ProcessingTally, type SettledMessage } from './processing-waiters';
import type { WriteGate } from './processing-write-gate';
import { extractSearchKeys, type SearchKeys } from './search-keys';

const NO_KEYS: SearchKeys = { patientId: null, patientName: null, orderNumbers: null, otherPatientIds: null };

export const PROCESSING_KIND = 'hl7-processing';

export interface ProcessingWorkerDeps {
  /** The background runner the worker registers its kind with; it runs once the runner starts. */
  runner: Runner;
  repo: Hl7ProcessingRepo;
  mapping: MappingStep;
  policy: RetryPolicy;
  clock: Clock;
  logger: Logger;
  /** After each committed batch (the change feed). */
  onChange: () => void;
  batchSize?: number;
  /** A batch prepares no new message after this long, so its write transaction stays short (mapping is CPU work). */
  batchBudgetMs?: number;
  batchDelayMs?: number;
  /** How often to look for retries that came due without a new message arriving. */
  pollMs?: number;
  /**
   * Processing waits while this is false: the FHIR definitions still loading in the background at
   * engine start. Mapping would otherwise load them all at once, on the event loop that ACKs.
   */
  ready?: () => boolean;
  /** After each committed batch: the messages whose processing ended (the processing thread posts them to the engine thread). */
  onSettled?: (settled: readonly SettledMessage[], tally: readonly ProcessingTally[]) => void;
  /** Before each message's work with its id, and with undefined once the batch committed (the processing thread's crash record). */
  onMessage?: (messageId: string | undefined) => void;
  /** Around each write transaction: intake's priority on the write lock (the processing thread's write gate). */
  writeGate?: Pick<WriteGate, 'processing'>;
  /** Around each turn: the configuration its messages read is read once (core/turn-memo.ts). */
  turnScope?: <T>(work: () => T) => T;
  /** What each processed message puts in the outbox, written in the batch's transaction (outbound routes). */
  outbound?: OutboundPlanner;
}

export type ProcessingWorker = ProcessingSignal;

/** What a message's CPU work (parse, keys, conversion) gave, before the write transaction. */
type Prepared = { searchKeys: SearchKeys | undefined } & ({ parsed: Hl7Message; mapping: MappingOutcome | MappingCommit } | { error: unknown });

/** The CPU half, outside the write transaction; only this and `outcomeOf` touch message content, and they log none. */
function prepare(message: DueMessage, deps: ProcessingWorkerDeps): Prepared {
  let searchKeys: SearchKeys | undefined = message.searchIndexed ? undefined : NO_KEYS;
  deps.onMessage?.(message.id);
  try {
    const parsed = parseStored(message.raw);
    if (searchKeys) searchKeys = extractSearchKeys(parsed);
    return { searchKeys, parsed, mapping: deps.mapping(parsed, { messageId: message.id, connectorId: message.connectorId, tenantId: message.tenantId }) };
  } catch (error) {
    return { searchKeys, error };
  }
}

/** Decides one claimed message's outcome inside the write transaction, running the mapping's commit. */
function outcomeOf(message: ClaimedMessage, prepared: Prepared, deps: ProcessingWorkerDeps, now: number): ProcessingResult {
  const base = { messageId: message.id, attemptId: message.attemptId, tenantId: message.tenantId, connectorId: message.connectorId, searchKeys: prepared.searchKeys };
  deps.onMessage?.(message.id);
  let mapping: MappingOutcome;
  try {
    if ('error' in prepared) throw prepared.error;
    mapping = typeof prepared.mapping === 'function' ? prepared.mapping() : prepared.mapping;
  } catch (thrown) {
    // A codec error the mapping step let through (a path it cannot read or write) is recorded under the codec's code.
    const error = fromHl7Error(thrown);
    const transient = error instanceof AppError && error.kind === 'unavailable';
    const code = error instanceof AppError ? error.code : 'PROCESSING_FAILED';
    const text = error instanceof AppError ? error.message : 'the mapping step failed unexpectedly';
    const decision = transient ? retryDecision(message.attemptNumber, deps.policy) : { retry: false as const };
    return { ...base, ok: false, errorCode: code, errorMessage: text, retryAt: decision.retry ? now + decision.delayMs : null };
  }
  // Outside the catch: a store error here rolls the batch back rather than failing the message.
  const outbound = 'parsed' in prepared && deps.outbound ? deps.outbound.plan(message, prepared.parsed, mapping.bundle) : undefined;
  return { ...base, ok: true, mapping, ...(outbound && outbound.length > 0 ? { outbound } : {}) };
}

/**
 * Takes pending messages in arrival order, a batch per transaction, and records each attempt — the runner's
 * `hl7-processing` kind. A turn reads the due messages, does their CPU work (parse, keys, conversion) until
 * its budget is spent, then opens one write transaction for the batch: claim (the rows go to 'processing'),
 * the mapping's commit, the outcome. Resume: rows a crash left in 'processing' go back to 'pending' when
 * the runner starts.
 */
export function createProcessingWorker(deps: ProcessingWorkerDeps): ProcessingWorker {
  const batchSize = deps.batchSize ?? 256;
  const batchBudgetMs = deps.batchBudgetMs ?? 100;
  let running = false;
  const carried = new Map<string, Prepared>();
  const notify = (): void => deps.runner.wake(PROCESSING_KIND);
  const waiters = createProcessingWaiters(deps.repo, notify);

  const tick = (now: number): TurnResult => (deps.turnScope ? deps.turnScope(() => turn(now)) : turn(now));
  const turn = (now: number): TurnResult => {
    if (deps.ready && !deps.ready()) return 'idle';
    const due = deps.repo.due(now, batchSize);
    if (due.length === 0) return 'idle';
    // Mapping costs milliseconds a message: a batch takes no new one once its time is up, and the rest wait for the next turn.
    const started = performance.now();
    const prepared = new Map<string, Prepared>();
    for (const message of due) {
      if (prepared.size > 0 && performance.now() - started >= batchBudgetMs) break;
      prepared.set(message.id, carried.get(message.id) ?? prepare(message, deps));
    }
    carried.clear();
    const taken = due.slice(0, prepared.size);
    deps.outbound?.beginBatch();
    const write = (intakeWaiting: () => boolean): ProcessingResult[] =>
      deps.repo.runBatch(now, taken, (claimed) => outcomeOf(claimed, prepared.get(claimed.id) as Prepared, deps, now), () => !intakeWaiting());
    const results = deps.writeGate ? deps.writeGate.processing(write) : write(() => false);
    deps.onMessage?.(undefined);
    // What a batch ended early for intake left prepared is committed by the next one, not converted again.
    const done = new Set(results.map((r) => r.messageId));
    for (const [id, p] of prepared) if (!done.has(id)) carried.set(id, p);
    const settled: SettledMessage[] = [];
    for (const r of results) {
      const settlement = settlementOf(r);
      if (settlement) settled.push([r.messageId, settlement]);
    }
    for (const [id, settlement] of settled) waiters.settle(id, settlement);
    deps.onSettled?.(settled, tallyOf(results));
    deps.onChange();
    return 'more';
  };

  deps.runner.register({
    kind: PROCESSING_KIND,
    tick,
    // Waits a few ms after a wake so processing takes many messages per transaction; a backlog ('more') goes on at once.
    batchDelayMs: deps.batchDelayMs ?? 10,
    moreDelayMs: 0,
    // Retries that came due without a new message arriving are found on this interval.
    intervalMs: deps.pollMs ?? 1000,
    resume(now) {
      running = true;
      const resumed = deps.repo.resumeInterrupted(now);
      if (resumed > 0) deps.logger.log('info', 'resumed messages interrupted mid-processing', { count: resumed });
    },
    stopped() {
      running = false;
      waiters.stopAll();
    },
  });

  return { notify, whenSettled: (messageId) => waiters.whenSettled(messageId, running) };
}
