import type { Bundle, Encounter } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { ackCodeOf, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

/** The shipped ADT profile on a real engine: an admission, then its cancellation, for one visit number. */
const header = (controlId: string, event: string, structure: string) => `MSH|^~\\&|REGADT|MCM|IFENG||20260106100000||ADT^${event}^${structure}|${controlId}|P|2.5.1\rEVN|${event}|20260106100000\r`;
const PID = 'PID|1||191919^^^GENHOS^MR||MASSIE^JAMES^A||19560129|M\r';
const A01 = `${header('CANCEL-1', 'A01', 'ADT_A01')}${PID}PV1|1|I|6N^1234^A^GENHOS||||0100^ANDERSON^CARL|||SUR|||||||||10199925^^^GENHOS^VN|||||||||||||||||||||||||20260105100000\r`;
/** As minimal as a sender may make it: the class and the visit number. */
const A11 = `${header('CANCEL-2', 'A11', 'ADT_A09')}${PID}PV1|1|I|||||||||||||||||10199925^^^GENHOS^VN\r`;

describe('a cancelled admission on a real engine', () => {
  let engine: TempEngine;
  let port: number;
  const fhir = async <T,>(path: string): Promise<T> => (await (await fetch(new URL(`fhir/R4/${path}`, engine.url))).json()) as T;
  const visits = async (): Promise<Encounter[]> =>
    ((await fhir<Bundle>(`Encounter?identifier=${encodeURIComponent('urn:interop-console:id:visit|MCM.10199925')}`)).entry ?? []).map((e) => e.resource as Encounter);

  beforeAll(async () => {
    engine = await startTempEngine();
    ({ port } = await activeMllpConnector(engine, { ackMode: 'after-processing' }));
  }, 60_000);
  afterAll(() => engine.dispose());

  it('leaves the one Encounter of the visit cancelled, still naming its patient, class and visit number', async () => {
    const [admitted] = await sendOverMllp(port, [A01]);
    expect(ackCodeOf(admitted as string)).toBe('AA');
    const [before] = await visits();
    expect(before).toMatchObject({ status: 'in-progress', location: [{ location: { display: 'A, 1234, 6N, GENHOS' } }] });

    const [cancelled] = await sendOverMllp(port, [A11]);
    expect(ackCodeOf(cancelled as string)).toBe('AA');
    const after = await visits();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, status: 'cancelled', class: { code: 'IMP' }, subject: before?.subject });
    expect(after[0]?.identifier).toContainEqual({ system: 'urn:interop-console:id:visit', value: 'MCM.10199925' });
    expect(after[0]?.meta?.versionId).not.toBe(before?.meta?.versionId);
  });
});
