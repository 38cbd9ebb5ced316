/**
 * Writes resources/fhir-profiles/<package>.json from an implementation guide's npm package: its resource
 * profiles that @medplum/core validates faithfully (checked against the guide's own examples) and the value
 * sets their required bindings name. The big dependencies (hl7.fhir.r4.core …) are never needed.
 * Usage:
 *   npm pack hl7.fhir.uv.ips@2.0.0 --pack-destination /tmp
 *   npx tsx src-main/fhir/validation/profiles/profiles-generate.ts /tmp/hl7.fhir.uv.ips-2.0.0.tgz
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from '../../definitions/r4-definitions';
import { compactStructureDefinition, compactValueSet, unsupportedProfileReason } from './compact-profile';

const OUTPUT_DIR = resolve(import.meta.dirname, '../../../../resources/fhir-profiles');

const readDir = (dir: string): Resource[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'package.json' && !file.startsWith('.'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Resource);

function exampleErrors(profile: StructureDefinition, examples: Resource[]): string | undefined {
  for (const example of examples.filter((e) => e.meta?.profile?.some((p) => p.split('|')[0] === profile.url))) {
    try {
      validateResource(example, { profile });
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      const issue = error.outcome.issue?.find((i) => i.severity === 'error');
      return `its example ${example.resourceType}/${example.id} fails: ${issue?.expression?.join(', ')} ${issue?.details?.text ?? ''}`;
    }
  }
  return undefined;
}

function generate(tarball: string): void {
  const work = mkdtempSync(join(tmpdir(), 'fhir-profiles-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    const manifest = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8')) as { name: string; version: string };
    const resources = readDir(join(work, 'package'));
    const examples = readDir(join(work, 'package/example'));
    ensureFhirDefinitions();

    const kept: StructureDefinition[] = [];
    for (const sd of resources.filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && r.derivation === 'constraint')) {
      const compact = compactStructureDefinition(sd);
      const reason = unsupportedProfileReason(compact) ?? exampleErrors(compact, examples);
      if (reason) process.stdout.write(`left out ${sd.url}: ${reason}\n`);
      else kept.push(compact);
    }
    const bound = new Set(kept.flatMap((sd) => (sd.snapshot?.element ?? []).filter((e) => e.binding?.strength === 'required').map((e) => e.binding?.valueSet?.split('|')[0])));
    const valueSets = resources.filter((r): r is ValueSet => r.resourceType === 'ValueSet' && bound.has(r.url)).map(compactValueSet);

    // One entry per line keeps regenerated files reviewable as diffs.
    const entries = [...kept, ...valueSets].map((resource) => JSON.stringify({ resource }));
    const file = join(OUTPUT_DIR, `${manifest.name}.json`);
    writeFileSync(file, `{"resourceType":"Bundle","type":"collection","entry":[\n${entries.join(',\n')}\n]}\n`);
    process.stdout.write(`${file}: ${kept.length} profiles, ${valueSets.length} value sets from ${manifest.name}@${manifest.version}\n${kept.map((sd) => `  ${sd.url}`).join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const tarball = process.argv[2];
if (!tarball) throw new Error('Usage: profiles-generate.ts <package.tgz>');
generate(resolve(tarball));
