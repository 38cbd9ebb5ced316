import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const ORU = 'msfc_LAB-ORU-1.hl7'; // control id 182, PID-3 10006579, ten OBX of which eight carry a value
const ADT = 'msfc_ADT-A01-01.hl7'; // control id MSG00001, PID-3 PATID1234 (and an SSN)
const VALUED_OBX_CODES = ['11273-0', '20570-8', '11125-2', '23761-0', '26450-7', '26478-8', '26485-3', '30180-4'];

/** Corpus messages over MLLP through the engine's own mapping (mapping/convert.ts) into its FHIR store. */
describe('corpus messages become FHIR in the local store', () => {
  let engine: TempEngine;
  let port: number;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const search = async (query: string): Promise<Bundle> => (await (await fetch(new URL(`fhir/R4/${query}`, engine.url))).json()) as Bundle;
  const message = async (controlId: string) => {
    const id = (await call<{ data: { id: string }[] }>('hl7Messages.list', { q: controlId })).data[0]?.id as string;
    return call<Hl7MessageDetail>('hl7Messages.get', { id });
  };
  const versions = async (links: Hl7MessageDetail['links']) => Promise.all(links.map(async (l) => [`${l.resourceType}/${l.resourceId}`, (await search(`${l.resourceType}/${l.resourceId}`)).meta?.versionId]));

  beforeAll(async () => {
    engine = await startTempEngine();
    ({ port } = await activeMllpConnector(engine, { ackMode: 'after-processing' }));
  }, 60_000);
  afterAll(() => engine.dispose());

  it('maps the ORU^R01: the Patient found by its PID-3 identifier, each valued OBX an Observation found by patient.identifier', async () => {
    expect((await sendOverMllp(port, [corpusMessage(ORU)])).map(ackCodeOf)).toEqual(['AA']);
    const oru = await message('182');
    expect([oru.status, oru.attempts[0]?.mapping, oru.attempts[0]?.profile?.name]).toEqual(['processed', 'mapped', expect.any(String)]);
    expect((await search('Patient?identifier=10006579')).total).toBe(1);
    for (const code of VALUED_OBX_CODES) {
      const found = await search(`Observation?patient.identifier=10006579&code=${code}`);
      expect({ code, total: found.total }).toEqual({ code, total: 1 });
      expect(found.entry?.[0]?.resource?.meta?.source).toBe(`urn:interop-console:hl7-message:${oru.id}`);
    }
    expect(oru.links.filter((l) => l.resourceType === 'Observation').length).toBeGreaterThanOrEqual(VALUED_OBX_CODES.length);
    expect(new Set(oru.links.map((l) => l.action))).toEqual(new Set(['created']));
  });

  it('maps the ADT^A01: the Patient found by its PID-3 identifier, linked to the message', async () => {
    expect((await sendOverMllp(port, [corpusMessage(ADT)])).map(ackCodeOf)).toEqual(['AA']);
    const adt = await message('MSG00001');
    expect(adt.status).toBe('processed');
    const patients = await search('Patient?identifier=PATID1234');
    expect(patients.total).toBe(1);
    expect(adt.links).toContainEqual(expect.objectContaining({ resourceType: 'Patient', resourceId: patients.entry?.[0]?.resource?.id }));
  });

  it('leaves exactly the same resources when both are processed again: same ids and versions, links unchanged', async () => {
    for (const controlId of ['182', 'MSG00001']) {
      const before = await message(controlId);
      const versionsBefore = await versions(before.links);
      await call('hl7Messages.reprocess', { id: before.id });
      let after = await message(controlId);
      for (let i = 0; i < 200 && (after.attempts.length < 2 || after.attempts[1]?.finishedAt === null); i++) {
        await new Promise((r) => setTimeout(r, 25));
        after = await message(controlId);
      }
      expect(after.attempts[1]?.status).toBe('succeeded');
      expect(after.links.map((l) => [l.resourceType, l.resourceId])).toEqual(before.links.map((l) => [l.resourceType, l.resourceId]));
      expect(new Set(after.links.map((l) => l.action))).toEqual(new Set(['unchanged']));
      expect(await versions(after.links)).toEqual(versionsBefore);
    }
    expect((await search('Patient?identifier=10006579')).total).toBe(1);
    expect((await search('Observation?patient.identifier=10006579&_summary=count')).total).toBe((await message('182')).links.filter((l) => l.resourceType === 'Observation').length);
  });
});
