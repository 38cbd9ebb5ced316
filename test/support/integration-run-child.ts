import { bootstrap } from '../../src-main/bootstrap';
import { DEFAULT_TENANT_ID } from '../../src-main/store/open-store';
import { pagedRunKind } from './paged-run-kind';

/**
 * A child engine for the kill -9 test: on the data dir it is given, creates a `paged` job, runs it, and prints
 * `CHECKPOINTED <runId>` once the run has saved its second page; the run then waits until the process is killed.
 */
const dataDir = process.argv[2] as string;
const paged = pagedRunKind({
  pages: 5,
  hangAfter: 2,
  onCheckpoint: (ctx, page) => {
    if (page === 2) process.stdout.write(`CHECKPOINTED ${ctx.runId}\n`);
  },
});
const engine = await bootstrap({ dataDir, integrationRunKinds: [paged.kind] });
const ctx = { tenantId: DEFAULT_TENANT_ID, actor: 'test' };
const job = await engine.dispatcher.dispatch('integrationJobs.create', { name: 'Paged', kind: 'paged' }, ctx);
if (!job.ok) throw new Error(job.error.code);
const run = await engine.dispatcher.dispatch('integrationJobs.run', { id: (job.value as { id: string }).id }, ctx);
if (!run.ok) throw new Error(run.error.code);
