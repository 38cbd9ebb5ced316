import { bundledCodeSystems } from './code-systems';
import { bundledConceptMaps, findConceptMap } from './concept-maps';
import type { OperationInput } from './operation-input';

/** Whether the bundled tables can answer a request, and if not, what it asks about that they lack. */
export type Coverage = { bundled: true } | { bundled: false; missing: string };

const BUNDLED: Coverage = { bundled: true };
const UNNAMED: Coverage = { bundled: false, missing: 'no code system, value set or concept map that is bundled here' };

function codeSystem(url: string | undefined): Coverage {
  if (url === undefined) return UNNAMED;
  return bundledCodeSystems().has(url) ? BUNDLED : { bundled: false, missing: `code system ${url}` };
}

function valueSet(url: string): Coverage {
  return [...bundledCodeSystems().values()].some((cs) => cs.valueSet === url) ? BUNDLED : { bundled: false, missing: `value set ${url}` };
}

/** `CodeSystem/$lookup`: the code system named by `system`. */
export const lookupCoverage = (input: OperationInput): Coverage => codeSystem(input.system);

/** `$validate-code`: a value set by `url` (ValueSet), else the code system by `url` (CodeSystem) or `system`. */
export function validateCodeCoverage(on: 'CodeSystem' | 'ValueSet', input: OperationInput): Coverage {
  if (on === 'ValueSet' && input.url) return valueSet(input.url);
  return codeSystem(input.url ?? input.system);
}

/** `ValueSet/$expand`: the value set named by `url`. */
export const expandCoverage = (input: OperationInput): Coverage => (input.url ? valueSet(input.url) : UNNAMED);

/** `ConceptMap/$translate`: the map by id or url, else a map from `system` (to `targetsystem`, when given). */
export function translateCoverage(input: OperationInput, mapId?: string): Coverage {
  const idOrUrl = mapId ?? input.url;
  if (idOrUrl) return findConceptMap(idOrUrl) ? BUNDLED : { bundled: false, missing: `concept map ${idOrUrl}` };
  const { system, targetsystem } = input;
  if (!system) return UNNAMED;
  const covered = bundledConceptMaps().some((map) => map.group?.some((group) => group.source === system && (!targetsystem || group.target === targetsystem)));
  return covered ? BUNDLED : { bundled: false, missing: `a concept map from ${system}${targetsystem ? ` to ${targetsystem}` : ''}` };
}
