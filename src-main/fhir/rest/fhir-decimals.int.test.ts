import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MllpClient } from '../../mllp/client';
import { activeMllpConnector, msaOf } from '../../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const observation = (id: string) =>
  `{"resourceType":"Observation","id":"${id}","status":"final","code":{"text":"triglyceride"},"valueQuantity":{"value":1.30,"unit":"mmol/L"},"referenceRange":[{"low":{"value":0.50},"high":{"value":2.0}}]}`;
/** The decimals as the sender wrote them, in any answer's text. */
const WRITTEN = ['"value":1.30', '"value":0.50', '"value":2.0'];

describe('FHIR decimals keep their precision (R4 datatypes: 0.010 is not 0.01)', () => {
  let engine: TempEngine;
  let base: string;
  const text = async (path: string, init?: RequestInit): Promise<string> => {
    const response = await fetch(`${base}${path}`, init);
    expect(response.status).toBeLessThan(300);
    return response.text();
  };
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('answers a PUT, a read, a version read, a search and the history with the decimals as written', async () => {
    const put = await text('/Observation/tg1', { method: 'PUT', headers: FHIR_JSON, body: observation('tg1') });
    for (const answer of [put, await text('/Observation/tg1'), await text('/Observation/tg1/_history/1'), await text('/Observation?_id=tg1'), await text('/Observation/tg1/_history')]) {
      for (const written of WRITTEN) expect(answer).toContain(written);
    }
  });

  it('keeps them through a transaction Bundle whose references are rewritten, and a JSON Patch that leaves them alone', async () => {
    const referring = observation('tg2').replace('"status"', '"subject":{"reference":"urn:uuid:5b0f0e4e-7d1a-4c38-9d8b-6f2a1c3e9a10"},"status"');
    const bundle = `{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:5b0f0e4e-7d1a-4c38-9d8b-6f2a1c3e9a10","resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},{"resource":${referring},"request":{"method":"PUT","url":"Observation/tg2"}}]}`;
    await text('', { method: 'POST', headers: FHIR_JSON, body: bundle });
    await text('/Observation/tg2', { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: '[{"op":"replace","path":"/status","value":"amended"}]' });
    const read = await text('/Observation/tg2');
    expect(read).toContain('"status":"amended"');
    expect(read).toMatch(/"subject":\{"reference":"Patient\/[^"]+"\}/);
    for (const written of WRITTEN) expect(read).toContain(written);
  });

  it('stores the decimals a JSON Patch and a FHIRPath Patch write as they wrote them (README: through patches)', async () => {
    await text('/Observation/tg5', { method: 'PUT', headers: FHIR_JSON, body: observation('tg5') });
    const jsonPatch = '[{"op":"replace","path":"/valueQuantity/value","value":71.50},{"op":"add","path":"/component","value":[{"code":{"text":"systolic"},"valueQuantity":{"value":120.0}}]},{"op":"copy","from":"/referenceRange/0/high/value","path":"/referenceRange/0/low/value"}]';
    const patched = await text('/Observation/tg5', { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: jsonPatch });
    for (const answer of [patched, await text('/Observation/tg5')]) {
      for (const written of ['"valueQuantity":{"value":71.50,', '"valueQuantity":{"value":120.0}', '"low":{"value":2.0}']) expect(answer).toContain(written);
    }
    const operation = (type: string, path: string, value: string) => `{"name":"operation","part":[{"name":"type","valueCode":"${type}"},{"name":"path","valueString":"${path}"},{"name":"value",${value}}]}`;
    const fhirPathPatch = `{"resourceType":"Parameters","parameter":[${operation('replace', 'Observation.valueQuantity.value', '"valueDecimal":72.50')},${operation('replace', 'Observation.component[0].valueQuantity', '"part":[{"name":"value","valueDecimal":5.10},{"name":"unit","valueString":"kPa"}]')}]}`;
    await text('/Observation/tg5', { method: 'PATCH', headers: FHIR_JSON, body: fhirPathPatch });
    const read = await text('/Observation/tg5');
    expect(read).toContain('"value":72.50');
    expect(read).toContain('"value":5.10');
  });

  it('writes a new version when only a decimal’s precision changes, and none when the same text comes again', async () => {
    const versionOf = async () => (JSON.parse(await text('/Observation/tg4')) as { meta: { versionId: string } }).meta.versionId;
    await text('/Observation/tg4', { method: 'PUT', headers: FHIR_JSON, body: observation('tg4').replace('1.30', '1.3') });
    expect(await versionOf()).toBe('1');
    await text('/Observation/tg4', { method: 'PUT', headers: FHIR_JSON, body: observation('tg4') });
    expect(await versionOf()).toBe('2');
    await text('/Observation/tg4', { method: 'PUT', headers: FHIR_JSON, body: observation('tg4') });
    expect(await versionOf()).toBe('2');
    expect(await text('/Observation/tg4')).toContain('"value":1.30');
  });

  it('writes a new number as the new number', async () => {
    await text('/Observation/tg3', { method: 'PUT', headers: FHIR_JSON, body: observation('tg3') });
    const read = JSON.parse(await text('/Observation/tg3')) as { valueQuantity: { value: number } };
    read.valueQuantity.value = 1.4;
    await text('/Observation/tg3', { method: 'PUT', headers: FHIR_JSON, body: JSON.stringify(read) });
    expect(await text('/Observation/tg3')).toContain('"valueQuantity":{"value":1.4,');
  });

  it('maps an HL7 NM, SN range and a signed, zero-padded NM with the precision the sender sent', async () => {
    const { port } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    const message = [
      'MSH|^~\\&|LAB|ACME|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|DEC1|P|2.5.1',
      'PID|1||DEC-MRN-1^^^ACME^MR||DOE^JANE||19800102|F',
      'OBR|1|PL1|FL-DEC-1^LAB|24331-1^Lipid panel^LN|||20240101080000',
      'OBX|1|NM|2571-8^Triglyceride^LN||1.30|mmol/L^mmol/L^UCUM|||||F',
      'OBX|2|SN|718-7^Hemoglobin^LN||^10.0^-^20.50|g/dL|||||F',
      'OBX|3|NM|2093-3^Cholesterol^LN||+007.50|mmol/L|||||F',
    ].join('\r');
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 60_000 });
    try {
      expect(msaOf(await client.send(message))[1]).toBe('AA');
    } finally {
      await client.close();
    }
    const found = await text('/Observation?patient.identifier=DEC-MRN-1&_sort=code');
    for (const written of ['"value":1.30', '"value":10.0', '"value":20.50', '"value":7.50']) expect(found).toContain(written);
  }, 60_000);
});
