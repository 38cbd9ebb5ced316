import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditEventPage } from '../../../src-shared';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

describe('FHIR bulk export audit', () => {
  let engine: TempEngine;
  let fhir: string;
  beforeEach(async () => {
    engine = await startTempEngine();
    fhir = `${engine.url}fhir/R4`;
  });
  afterEach(() => engine.dispose());

  const entries = async (action: string): Promise<AuditEvent[]> => ((await (await fetch(`${engine.url}api/v1/audit-events?action=${action}`)).json()) as AuditEventPage).data;

  async function completedExport(): Promise<{ jobId: string; fileUrl: string }> {
    const put = await fetch(`${fhir}/Patient/p-audit`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id: 'p-audit', gender: 'female' }) });
    expect(put.status).toBeLessThan(300);
    const kickOff = await fetch(`${fhir}/$export?_type=Patient`, { headers: { prefer: 'respond-async' } });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location')!;
    for (let tries = 0; tries < 100; tries++) {
      const status = await fetch(statusUrl);
      if (status.status === 200) {
        const manifest = (await status.json()) as { output: { url: string }[] };
        return { jobId: statusUrl.split('/').at(-1)!, fileUrl: manifest.output[0]!.url };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the export did not complete');
  }

  it('records the $export kick-off and each output file download with the caller, address and job, and not the status polls', async () => {
    const { jobId, fileUrl } = await completedExport();
    const file = await fetch(fileUrl);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('p-audit');

    const caller = { actorKind: 'local', actorId: 'local:127.0.0.1', remoteAddress: '127.0.0.1', outcome: 'ok', errorCode: null };
    expect(await entries('fhir.export.kickoff')).toEqual([expect.objectContaining({ ...caller, targetType: 'bulk_export', targetId: jobId, details: { level: 'system' } })]);
    expect(await entries('fhir.export.download')).toEqual([expect.objectContaining({ ...caller, targetType: 'bulk_export', targetId: jobId, details: { type: 'Patient' } })]);
    const all = ((await (await fetch(`${engine.url}api/v1/audit-events?target=${jobId}`)).json()) as AuditEventPage).data;
    expect(all.map((e) => e.action).sort()).toEqual(['fhir.export.download', 'fhir.export.kickoff']);
  });

  it('records a refused kick-off and a download of an unknown job as failed, with the error code', async () => {
    expect((await fetch(`${fhir}/$export`)).status).toBe(400);
    expect((await fetch(`${fhir}/$export-file/no-such-job/Patient`)).status).toBe(404);
    expect(await entries('fhir.export.kickoff')).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: 'FHIR_INVALID', targetId: null })]);
    expect(await entries('fhir.export.download')).toEqual([expect.objectContaining({ outcome: 'failed', targetId: 'no-such-job', errorCode: expect.stringMatching(/^FHIR_/) as unknown })]);
  });

  it('records a cancelled export', async () => {
    const { jobId } = await completedExport();
    expect((await fetch(`${fhir}/$export-status/${jobId}`, { method: 'DELETE' })).status).toBe(202);
    expect(await entries('fhir.export.cancel')).toEqual([expect.objectContaining({ outcome: 'ok', targetId: jobId, actorId: 'local:127.0.0.1' })]);
  });
});
