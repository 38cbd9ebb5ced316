import type { ConceptMap, ConceptMapGroup, ConceptMapGroupElement, Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { fhirFailure } from '../outcome';
import { NO_SERVER } from './code-systems';
import { V2_CONCEPT_MAPS } from './concept-maps-data';
import type { V2ConceptMapData } from './v2-tables';

export const CONCEPT_MAP_BASE = 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/';

/** `AddressType[Use]` → `table-AddressType-Use`: a valid FHIR id under the guide's canonical base. */
export const conceptMapId = (name: string): string => `table-${name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+$/, '')}`;

/** The implicit value set of a code system, where HL7's naming convention gives one. */
function implicitValueSet(system: string): string | undefined {
  const match = /^(http:\/\/hl7\.org\/fhir|http:\/\/terminology\.hl7\.org)\/(?:CodeSystem\/)?([^/]+)$/.exec(system);
  return match ? `${match[1]}/ValueSet/${match[2]}` : undefined;
}

function toConceptMap(data: V2ConceptMapData): ConceptMap {
  const id = conceptMapId(data.name);
  const group = (target: string | undefined, elements: ConceptMapGroupElement[]): ConceptMapGroup => ({ source: data.system, ...(target ? { target } : {}), element: elements });
  const groups: ConceptMapGroup[] = data.targetSystems.map((target, index) =>
    group(
      target,
      data.elements
        .filter(([, , targets]) => targets.some(([system]) => system === index))
        .map(([code, text, targets]) => ({
          code,
          ...(text ? { display: text } : {}),
          target: targets
            .filter(([system]) => system === index)
            .map(([, targetCode, display, condition]) => ({ code: targetCode, ...(display ? { display } : {}), equivalence: 'equivalent', ...(condition ? { comment: `Only when: ${condition}` } : {}) })),
        })),
    ),
  );
  const unmapped = data.elements.filter(([, , targets]) => targets.length === 0).map(([code, text]): ConceptMapGroupElement => ({ code, ...(text ? { display: text } : {}), target: [{ equivalence: 'unmatched' }] }));
  if (unmapped.length > 0) groups.push(group(undefined, unmapped));
  const targetUri = data.targetSystems.length === 1 ? implicitValueSet(data.targetSystems[0]) : undefined;
  return {
    resourceType: 'ConceptMap',
    id,
    url: CONCEPT_MAP_BASE + id,
    name: data.name.replace(/[^A-Za-z0-9]+/g, ''),
    title: `Table ${data.table} ${data.name}`,
    status: 'active',
    description: `The HL7 V2-to-FHIR guide's concept map ${data.name} from v2 table ${data.table}.`,
    sourceUri: implicitValueSet(data.system),
    ...(targetUri ? { targetUri } : {}),
    group: groups,
  };
}

let conceptMaps: readonly ConceptMap[] | undefined;

/** The guide's v2 table concept maps as ConceptMap resources, built once. */
export function bundledConceptMaps(): readonly ConceptMap[] {
  conceptMaps ??= V2_CONCEPT_MAPS.map(toConceptMap);
  return conceptMaps;
}

export const findConceptMap = (idOrUrl: string): ConceptMap | undefined => bundledConceptMaps().find((map) => map.id === idOrUrl || map.url === idOrUrl);

export interface TranslateInput {
  url?: string;
  system?: string;
  code?: string;
  targetsystem?: string;
}

/** FHIR `ConceptMap/$translate` over the bundled maps, chosen by map url or by source code system. */
export function translate(input: TranslateInput): Parameters {
  const { url, system, code, targetsystem } = input;
  if (!code) throw fhirFailure('validation', 'required', 'The code parameter is required', ['code']);
  let maps: readonly ConceptMap[];
  if (url) {
    const map = findConceptMap(url);
    if (!map) throw fhirFailure('not_found', 'not-found', `No concept map ${url} is bundled with this server${NO_SERVER}`, ['url']);
    maps = [map];
  } else if (system) {
    maps = bundledConceptMaps().filter((map) => map.group?.some((g) => g.source === system));
    if (maps.length === 0) throw fhirFailure('not_found', 'not-found', `No concept map from code system ${system} is bundled with this server${NO_SERVER}`, ['system']);
  } else {
    throw fhirFailure('validation', 'required', 'Give system (the source code system) or url (the concept map)', ['system']);
  }

  const matches: ParametersParameter[] = [];
  for (const map of maps) {
    for (const group of map.group ?? []) {
      if ((system && group.source !== system) || !group.target || (targetsystem && group.target !== targetsystem)) continue;
      for (const target of group.element?.find((element) => element.code === code)?.target ?? []) {
        if (!target.code || target.equivalence === 'unmatched') continue;
        matches.push({
          name: 'match',
          part: [
            { name: 'equivalence', valueCode: target.equivalence },
            { name: 'concept', valueCoding: { system: group.target, code: target.code, ...(target.display ? { display: target.display } : {}) } },
            { name: 'source', valueUri: map.url },
          ],
        });
      }
    }
  }
  const where = targetsystem ? ` to ${targetsystem}` : '';
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'result', valueBoolean: matches.length > 0 },
      ...(matches.length === 0 ? [{ name: 'message', valueString: `No mapping for code ${code}${where}` }] : []),
      ...matches,
    ],
  };
}
