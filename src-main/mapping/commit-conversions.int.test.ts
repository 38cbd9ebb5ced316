import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { decodeHl7, parse } from '../hl7';
import { convertMessage } from './convert';

const conversions = readdirSync(HL7_CORPUS)
  .filter((file) => file.endsWith('.hl7'))
  .sort()
  .flatMap((file) => {
    try {
      const message = parse(decodeHl7(readFileSync(join(HL7_CORPUS, file))).text);
      const conversion = convertMessage(message, { messageId: file });
      return conversion ? [{ file, bundle: conversion.bundle }] : [];
    } catch {
      return [];
    }
  });

describe('default profiles’ Bundles committed to the FHIR gateway', () => {
  let engine: TempEngine;
  const post = async (bundle: Bundle): Promise<{ status: number; body: Bundle & { issue?: unknown } }> => {
    const response = await fetch(`${engine.url}fhir/R4`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(bundle) });
    return { status: response.status, body: (await response.json()) as Bundle };
  };
  const total = async (type: string): Promise<number> => ((await (await fetch(`${engine.url}fhir/R4/${type}?_summary=count`)).json()) as { total: number }).total;

  beforeAll(async () => {
    engine = await startTempEngine();
  }, 60_000);
  afterAll(() => engine.dispose());

  it('commits every corpus conversion as a transaction, and committing them all again adds no resource', async () => {
    const failures: string[] = [];
    for (const { file, bundle } of conversions) {
      const { status, body } = await post(bundle);
      if (status !== 200) failures.push(`${file}: ${status} ${JSON.stringify(body).slice(0, 400)}`);
    }
    expect(failures).toEqual([]);
    const types = ['Patient', 'Encounter', 'Observation', 'DiagnosticReport', 'ServiceRequest', 'Appointment', 'Immunization', 'DocumentReference', 'RelatedPerson', 'Coverage', 'AllergyIntolerance', 'Condition', 'Practitioner', 'Specimen'];
    const before = await Promise.all(types.map(total));
    for (const { bundle } of conversions) await post(bundle);
    expect(await Promise.all(types.map(total))).toEqual(before);
  }, 300_000);
});
