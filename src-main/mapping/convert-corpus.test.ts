import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identifier, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HL7_CORPUS } from '../../test/support/mllp-feed';
import { validateFhirResource } from '../fhir/validation/validate';
import { decodeHl7, parse, type Hl7Message } from '../hl7';
import { convertMessage } from './convert';
import { readField } from './datatypes/v2-value';
import { DEFAULT_PROFILES } from './default-profiles';

const messages = readdirSync(HL7_CORPUS)
  .filter((file) => file.endsWith('.hl7'))
  .sort()
  .flatMap((file) => {
    try {
      return [{ file, message: parse(decodeHl7(readFileSync(join(HL7_CORPUS, file))).text) }];
    } catch {
      return [];
    }
  });
const covered = (message: Hl7Message): boolean => DEFAULT_PROFILES.some((p) => p.messageTypes.includes(`${message.header.messageCode}^${message.header.triggerEvent}`));
const convertible = messages.filter(({ message }) => covered(message));
const resourcesOf = (message: Hl7Message, type?: string): Resource[] =>
  (convertMessage(message, { messageId: 'MSG_TEST' })?.bundle.entry ?? []).flatMap((e) => (e.resource && (!type || e.resource.resourceType === type) ? [e.resource] : []));

describe('default profiles over the corpus', () => {
  it('cover the corpus ADT and ORU messages', () => {
    expect(convertible.length).toBeGreaterThan(40);
  });

  it.each(convertible.map(({ file, message }) => [file, message] as const))('%s: every produced resource passes the gateway’s validation', (_file, message) => {
    for (const resource of resourcesOf(message)) expect(() => validateFhirResource(resource)).not.toThrow();
  });

  it.each(convertible.map(({ file, message }) => [file, message] as const))('%s: the Patient carries every PID-3 identifier', (_file, message) => {
    const [patient, ...others] = resourcesOf(message, 'Patient') as { identifier?: Identifier[] }[];
    expect(others).toHaveLength(0);
    const pid3 = readField(message.segment('PID')!, 3).map((cx) => cx[0]?.[0]);
    expect((patient?.identifier ?? []).map((i) => i.value)).toEqual(pid3);
  });

  const results = convertible.filter(({ message }) => message.header.messageCode === 'ORU');
  it.each(results.map(({ file, message }) => [file, message] as const))('%s: each coded, valued OBX is one Observation', (_file, message) => {
    const expected = message.segments('OBX').filter((obx) => obx.field(3) !== '' && obx.field(5) !== '' && !/^(""|\^*)$/.test(obx.field(5))).length;
    expect(resourcesOf(message, 'Observation')).toHaveLength(expected);
  });

  it('converts the same message to the same Bundle every time', () => {
    for (const { message } of convertible) expect(convertMessage(message, { messageId: 'M' })).toEqual(convertMessage(message, { messageId: 'M' }));
  });

  it('never throws on random field edits of corpus messages: they become rule errors or unmapped data', () => {
    const pool = convertible.map(({ message }) => message.toString());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: pool.length - 1 }), fc.array(fc.tuple(fc.constantFrom('PID', 'OBR', 'OBX', 'PV1', 'NTE', 'SPM'), fc.integer({ min: 1, max: 30 }), fc.string({ maxLength: 40 })), { maxLength: 8 }), (index, edits) => {
        const message = parse(pool[index] as string);
        for (const [segment, field, text] of edits) {
          const target = message.segment(segment);
          if (target) target.setRaw(field, text.replace(/[\r\n|]/g, ''));
        }
        const conversion = convertMessage(message);
        expect(conversion).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});
