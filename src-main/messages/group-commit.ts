export interface GroupCommitOptions {
  /** Upper bound on one transaction's size; more waiting items start the next batch at once. */
  maxBatch: number;
  /** Defers the flush so every frame that arrived in the same I/O turn joins the batch. */
  schedule?: (flush: () => void) => void;
}

export interface GroupCommitter<T, R> {
  submit(item: T): Promise<R>;
  /** Resolves when everything submitted so far is committed (or failed). */
  drain(): Promise<void>;
}

/**
 * Group commit: callers get a promise per item; items that arrive close together share one
 * transaction (and one fsync). `commit` is synchronous (better-sqlite3) and returns one result per
 * item, in order. If it throws, each item is retried alone so one bad item fails only itself.
 */
export function createGroupCommitter<T, R>(commit: (items: T[]) => R[], options: GroupCommitOptions): GroupCommitter<T, R> {
  const schedule = options.schedule ?? ((flush) => setImmediate(flush));
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;
  let idle: (() => void)[] = [];

  const settle = (batch: typeof queue): void => {
    try {
      const results = commit(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve(results[i] as R));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const entry of batch) settle([entry]);
    }
  };

  const flush = (): void => {
    scheduled = false;
    while (queue.length > 0) settle(queue.splice(0, options.maxBatch));
    queue = [];
    const waiting = idle;
    idle = [];
    waiting.forEach((done) => done());
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          schedule(flush);
        }
      });
    },
    drain() {
      if (!scheduled) return Promise.resolve();
      return new Promise((done) => idle.push(done));
    },
  };
}
