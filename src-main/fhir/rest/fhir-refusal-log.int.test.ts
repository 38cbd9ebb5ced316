import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

describe('refused FHIR writes are recorded in the log', () => {
  const lines: string[] = [];
  let engine: TempEngine;
  let client: Client;
  beforeAll(async () => {
    engine = await startTempEngine({ logger: createLogger('info', (line) => lines.push(line)) });
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('logs route, status and issue codes of a refused write, and none of its content', async () => {
    expect((await failure(client.create({ resourceType: 'Patient', body: { resourceType: 'Patient', gender: 'bogus', name: [{ family: 'Secretname' }] } as never }))).status).toBe(422);
    const refused = lines.filter((l) => l.includes('fhir write refused'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('"status":422');
    expect(refused[0]).toContain('code-invalid');
    expect(refused[0]).toContain('/fhir/R4/:type');
    expect(lines.join('\n')).not.toContain('Secretname');
  });
});
