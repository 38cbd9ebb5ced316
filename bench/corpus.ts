/** Benchmark inputs built from the shared HL7 v2 corpus. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus/hl7v2');

/** A corpus file as written (its own line endings). */
export const readCorpus = (name: string): string => readFileSync(path.join(corpus, name), 'utf8');

/** ~2 KB ORU^R01: the MSH, PID and OBR of a corpus lab result, its OBX segments cycled to 20. */
export function oru20(): string {
  const segments = readCorpus('msfc_LAB-ORU-1.hl7').split('\r').filter((s) => s !== '');
  const head = ['MSH', 'PID', 'OBR'].map((id) => segments.find((s) => s.startsWith(`${id}|`))!);
  const obx = segments.filter((s) => s.startsWith('OBX|'));
  const body = Array.from({ length: 20 }, (_, i) => obx[i % obx.length]!.replace(/^OBX\|\d+\|/, `OBX|${i + 1}|`));
  return `${[...head, ...body].join('\r')}\r`;
}

/** ~2.5 KB ADT^A01 (v2.8) from the corpus, segments ended by CR as on the wire. */
export function adtA01(): string {
  const segments = readCorpus('msfc_ADT-A01-02.hl7').split(/\r\n|\r|\n/).filter((s) => s !== '');
  return `${segments.join('\r')}\r`;
}
