import type { ProfileIssue } from '../check-profile';
import type { FhirCondition, FhirMappingProfileContent, SegmentTemplate } from './fhir-profile';
import { parseFhirPath, type FhirStep } from './fhir-path';
import { FHIR_TRANSFORMS } from './fhir-transforms';
import { FHIR_ENGINE_TRANSFORMS } from './run-fhir-profile';
import { parseTargetField } from './segment-draft';
import { findV2Map } from '../datatypes/v2-code';

/**
 * Whether a parsed path names elements the resource (or datatype) has; undefined when the definitions
 * are not known here, and then only the path's shape is checked.
 */
export type FhirElementCheck = (type: string, path: readonly FhirStep[]) => string | undefined;

const MESSAGE_TYPE = /^[A-Z0-9]{3}\^[A-Z0-9]{2,3}(\^[A-Z0-9_]{3,7})?$/;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;
const ENGINE: readonly string[] = FHIR_ENGINE_TRANSFORMS;
const TRANSFORMS = new Map(FHIR_TRANSFORMS.map((t) => [t.name, t]));

/** Every template of the tree with its path in the profile's JSON and the resource type it reads (when known). */
function templatesOf(templates: readonly SegmentTemplate[], at: string): { template: SegmentTemplate; at: string }[] {
  return templates.flatMap((template, i) => {
    const path = `${at}[${i}]`;
    return [{ template, at: path }, ...templatesOf(template.children ?? [], `${path}.children`)];
  });
}

/**
 * What is wrong with a FHIR → v2 profile, found without running it: message types, segment ids, the
 * shape of every FHIR path (and, given `elements`, that the resource has them), HL7 targets in the
 * template's segment, transform names and arguments, rules naming no template, duplicate keys and ids.
 */
export function checkFhirProfile(profile: FhirMappingProfileContent, elements?: FhirElementCheck): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  if (profile.name.trim() === '') add('name', 'a profile needs a name');
  if (!/^[A-Z][A-Za-z]+$/.test(profile.resourceType)) add('resourceType', 'not a FHIR resource type such as Patient');
  if (profile.messageTypes.length === 0) add('messageTypes', 'name at least one message type, such as ADT^A08^ADT_A01');
  profile.messageTypes.forEach((type, i) => {
    if (!MESSAGE_TYPE.test(type)) add(`messageTypes[${i}]`, `${JSON.stringify(type.slice(0, 20))} is not a message type such as ADT^A08^ADT_A01`);
  });

  // Paths below the top template read a referenced or repeated element whose type is not followed here.
  const checkPath = (text: string, at: string, topLevel: boolean): void => {
    const path = parseFhirPath(text);
    if (!path.ok) return add(at, path.issue.message);
    const unknown = topLevel && elements ? elements(profile.resourceType, path.value) : undefined;
    if (unknown) add(at, unknown);
  };
  const checkCondition = (condition: FhirCondition | FhirCondition[] | undefined, at: string, topLevel: boolean): void => {
    const list = condition === undefined ? [] : Array.isArray(condition) ? condition : [condition];
    list.forEach((c, i) => {
      const path = `${at}${Array.isArray(condition) ? `[${i}]` : ''}`;
      checkPath(c.path, `${path}.path`, topLevel);
      if ((c.op === 'in' || c.op === 'not-in') && (c.values ?? []).length === 0) add(`${path}.values`, `${c.op} needs at least one value`);
    });
  };

  const templates = new Map<string, { segment: string; topLevel: boolean }>();
  for (const { template, at } of templatesOf(profile.segments, 'segments')) {
    if (templates.has(template.key)) add(`${at}.key`, `the key ${JSON.stringify(template.key)} is used twice`);
    const topLevel = !template.from && !at.includes('.children');
    templates.set(template.key, { segment: template.segment, topLevel });
    if (!SEGMENT_ID.test(template.segment)) add(`${at}.segment`, `${JSON.stringify(template.segment.slice(0, 10))} is not a segment id such as PID`);
    if (template.from !== undefined) checkPath(template.from, `${at}.from`, !at.includes('.children'));
    checkCondition(template.when, `${at}.when`, topLevel);
  }

  const ids = new Set<string>();
  profile.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (ids.has(rule.id)) add(`${at}.id`, `the rule id ${JSON.stringify(rule.id)} is used twice`);
    ids.add(rule.id);
    const template = templates.get(rule.segment);
    if (!template) add(`${at}.segment`, `no segment template has the key ${JSON.stringify(rule.segment)}`);
    const target = parseTargetField(rule.target);
    if (!target.ok) add(`${at}.target`, target.issue.message);
    else if (template && target.value.segment !== template.segment) add(`${at}.target`, `the rule fills a ${template.segment} segment but targets ${target.value.segment}`);
    const topLevel = template?.topLevel ?? false;
    if (rule.transform === 'constant' && rule.args?.value === undefined) add(`${at}.args`, 'constant needs args.value');
    if (!ENGINE.includes(rule.transform ?? '')) {
      checkPath(rule.source, `${at}.source`, topLevel);
      const spec = rule.transform === undefined ? undefined : TRANSFORMS.get(rule.transform);
      if (rule.transform !== undefined && !spec) add(`${at}.transform`, `no FHIR → v2 transform is named ${JSON.stringify(rule.transform.slice(0, 40))}`);
      if (spec?.name === 'code_to_v2') {
        const map = findV2Map(String(rule.args?.map ?? ''));
        if (!map.ok) add(`${at}.args`, `code_to_v2 needs args.map naming a concept map: ${map.issue.message}`);
      }
    }
    checkCondition(rule.condition, `${at}.condition`, topLevel);
  });
  return issues;
}
