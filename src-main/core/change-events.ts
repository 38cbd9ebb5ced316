import type { ChangeEvent } from '../../src-shared';

export type ChangeListener = (event: ChangeEvent) => void;

/** In-process fan-out of change events to the IPC and SSE adapters. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  publish(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Publishes `{ topic }` at most once per `intervalMs`, trailing: for high-rate sources such as intake. */
export function throttledPublisher(feed: ChangeFeed, topic: string, intervalMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      feed.publish({ topic });
    }, intervalMs);
    timer.unref();
  };
}
