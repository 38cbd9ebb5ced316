import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

/** The shipped ADT profile on a real engine: which Patient a message about an MRN writes. */
const adt = (controlId: string, facility: string, pid3: string, family: string) =>
  `MSH|^~\\&|PAS|${facility}|EHR|CLINIC|20260101120000||ADT^A08^ADT_A01|${controlId}|P|2.5.1\rEVN|A08|20260101120000\rPID|1||${pid3}||${family}^Ada||19800101|F\rPV1|1|O\rAL1|1|DA|70618^Penicillin^RXNORM\r`;
const KEY = 'urn:interop-console:id:patient';

describe('the Patient an MRN names, across sending facilities and an upgrade', () => {
  let engine: TempEngine;
  let port: number;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const fhir = async <T,>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(new URL(`fhir/R4/${path}`, engine.url), init)).json()) as T;
  const patients = async (key: string): Promise<Patient[]> => ((await fhir<Bundle>(`Patient?identifier=${encodeURIComponent(`${KEY}|${key}`)}`)).entry ?? []).map((e) => e.resource as Patient);
  const send = async (...messages: string[]) => {
    for (const ack of await sendOverMllp(port, messages)) expect(ackCodeOf(ack)).toBe('AA');
  };

  beforeAll(async () => {
    engine = await startTempEngine();
    ({ port } = await activeMllpConnector(engine, { ackMode: 'after-processing' }));
  }, 60_000);
  afterAll(() => engine.dispose());

  it('makes one Patient of the same MRN and CX-4 namespace sent by two facilities', async () => {
    await send(adt('ID-1', 'NORTH', '12345^^^HOSP^MR', 'North'), adt('ID-2', 'SOUTH', '12345^^^HOSP^MR', 'South'));
    const found = await patients('authority:HOSP.12345');
    expect(found.map((p) => p.name?.[0]?.family)).toEqual(['South']);
    expect((await fhir<Bundle>(`AllergyIntolerance?patient=Patient/${found[0]?.id}`)).total).toBe(1);
  });

  it('makes two Patients of the same bare MRN sent by two facilities', async () => {
    await send(adt('ID-3', 'NORTH', '555', 'Nord'), adt('ID-4', 'SOUTH', '555', 'Sud'));
    expect((await patients('NORTH.555')).map((p) => p.name?.[0]?.family)).toEqual(['Nord']);
    expect((await patients('SOUTH.555')).map((p) => p.name?.[0]?.family)).toEqual(['Sud']);
  });

  it('updates a Patient stored under the former facility key, which then carries the new key', async () => {
    const legacy: Patient = { resourceType: 'Patient', identifier: [{ value: '777', assigner: { display: 'HOSP' } }, { system: KEY, value: 'NORTH.777' }], name: [{ family: 'Before' }] };
    const created = await fhir<Patient>('Patient', { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(legacy) });
    await send(adt('ID-5', 'NORTH', '777^^^HOSP^MR', 'After'));
    const found = await patients('authority:HOSP.777');
    expect(found.map((p) => [p.id, p.name?.[0]?.family])).toEqual([[created.id, 'After']]);
    expect((await fhir<Bundle>('Patient?identifier=777')).total).toBe(1);
    await send(adt('ID-6', 'SOUTH', '777^^^HOSP^MR', 'Later'));
    expect((await patients('authority:HOSP.777')).map((p) => [p.id, p.name?.[0]?.family])).toEqual([[created.id, 'Later']]);
  });

  it('leaves the same resources when the same message is processed twice', async () => {
    const id = (await call<{ data: { id: string }[] }>('hl7Messages.list', { q: 'ID-1' })).data[0]?.id as string;
    const links = async () => (await call<{ resourceType: string; resourceId: string; action: string }[]>('hl7Messages.links', { id })).map((l) => `${l.resourceType}/${l.resourceId}`);
    const before = await links();
    for (const round of [2, 3]) {
      await call('hl7Messages.reprocess', { id });
      for (let i = 0; i < 200 && (await call<Hl7MessageDetail>('hl7Messages.get', { id })).attempts.filter((a) => a.finishedAt !== null).length < round; i++) await new Promise((r) => setTimeout(r, 25));
    }
    const detail = await call<Hl7MessageDetail>('hl7Messages.get', { id });
    expect(detail.attempts.map((a) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(await links()).toEqual(before);
    expect((await patients('authority:HOSP.12345')).length).toBe(1);
    expect((await fhir<Bundle>('Patient?identifier=12345')).total).toBe(1);
  });
});
