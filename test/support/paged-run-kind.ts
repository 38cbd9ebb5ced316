import { z } from 'zod';
import type { IntegrationRunKind, RunContext } from '../../src-main/jobs/run-kind';

/**
 * A kind that works through `pages` pages of ten records, saving a checkpoint after each; `hangAfter` pages it
 * waits (until the engine stops it, or for ever when killed). `seen` records each run's checkpoint at its start.
 */
export function pagedRunKind(options: { pages: number; hangAfter?: number; onCheckpoint?: (ctx: RunContext, page: number) => void }) {
  const seen: unknown[] = [];
  const kind: IntegrationRunKind<Record<string, never>> = {
    kind: 'paged',
    config: z.object({}).strict(),
    async run(ctx) {
      seen.push(ctx.checkpoint);
      let page = (ctx.checkpoint as { page?: number } | null)?.page ?? 0;
      while (page < options.pages) {
        if (page === options.hangAfter) {
          await new Promise<void>((done) => ctx.signal.addEventListener('abort', () => done()));
          return;
        }
        page += 1;
        ctx.count({ read: 10, written: 10 });
        ctx.progress(page * 10, options.pages * 10);
        ctx.saveCheckpoint({ page });
        options.onCheckpoint?.(ctx, page);
      }
    },
  };
  return { kind, seen };
}
