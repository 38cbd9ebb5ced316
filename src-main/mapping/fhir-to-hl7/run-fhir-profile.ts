import { conditionHolds } from '../condition-test';
import { INTERNAL_KEY_PREFIX } from '../run-profile';
import { formatHl7Timestamp, parse } from '../../hl7';
import type { RuleError } from '../conversion';
import { fail, ok, type MapResult } from '../transforms/result';
import type { FhirCondition, FhirMappingProfileContent, FhirMappingRule, SegmentTemplate } from './fhir-profile';
import { parseFhirPath, readFhir, textOf } from './fhir-path';
import { runFhirTransform, type V2Output } from './fhir-transforms';
import { isReference, ReferenceResolver, type ReferencedResources } from './resolve-references';
import { parseTargetField, SegmentDraft } from './segment-draft';

export interface FhirRunContext {
  /** MSH-10. */
  controlId: string;
  /** MSH-3 to MSH-6, each a namespace id. */
  sendingApplication?: string;
  sendingFacility?: string;
  receivingApplication?: string;
  receivingFacility?: string;
  /** MSH-11; P by default. */
  processingId?: string;
  /** MSH-7 and every `now` rule; the current time by default. */
  now?: Date;
  /** The UTC offset of MSH-7, in minutes (0 by default). */
  offsetMinutes?: number;
  /** One of the profile's message types (`ADT^A04`); its first by default. */
  messageType?: string;
  /** The resources references resolve to: the Patient a result names, a report's Observations. */
  resources?: ReferencedResources;
  /** The stored profile version that runs (0 for a default not yet stored). */
  version?: number;
}

export interface FhirConversion {
  /** The message in ER7, segments ended by `\r`. */
  message: string;
  errors: RuleError[];
  /** The profile that ran: its name, its stored version (0 for a default not yet stored) and its id once stored. */
  profile: { name: string; version: number; id?: string };
}

/** The transforms the engine itself answers. */
export const FHIR_ENGINE_TRANSFORMS = ['constant', 'now'] as const;

/** The version written in MSH-12. */
export const OUTBOUND_VERSION = '2.5.1';

type Node = Record<string, unknown>;

function holds(condition: FhirCondition | FhirCondition[] | undefined, focus: unknown): boolean {
  if (!condition) return true;
  if (Array.isArray(condition)) return condition.every((c) => holds(c, focus));
  const path = parseFhirPath(condition.path);
  if (!path.ok) return false;
  const values = readFhir(focus, path.value);
  const op = condition.op === 'exists' ? 'valued' : condition.op === 'missing' ? 'empty' : condition.op;
  return conditionHolds(op, values.map(textOf), condition.values ?? []);
}

/** MSH-9 of the message type asked for (`ADT^A04` → `ADT^A04^ADT_A01`), or the profile's first. */
function pickMessageType(profile: FhirMappingProfileContent, asked: string | undefined): MapResult<string> {
  const first = profile.messageTypes[0] ?? '';
  if (asked === undefined) return ok(first);
  const found = profile.messageTypes.find((t) => t === asked || t.startsWith(`${asked}^`));
  return found ? ok(found) : fail('MAP_UNKNOWN_MESSAGE_TYPE', `the profile writes ${profile.messageTypes.join(', ')}, not ${JSON.stringify(asked.slice(0, 20))}; its first was written`);
}

const isEmptyOutput = (value: V2Output): boolean => (typeof value === 'string' ? value === '' : value.every((c) => c.every((s) => s === '')));

/**
 * Runs a FHIR → v2 profile over a resource: the MSH from the context, then each segment template
 * (once, per referenced resource or per element) filled by its rules, written through the codec so
 * every value is escaped. Pure: a bad value becomes a rule error, never an exception.
 */
export function runFhirProfile(profile: FhirMappingProfileContent, resource: unknown, context: FhirRunContext): FhirConversion {
  const errors: RuleError[] = [];
  const now = context.now ?? new Date();
  const timestamp = formatHl7Timestamp(now, context.offsetMinutes ?? 0);
  const resolver = new ReferenceResolver(resource, context.resources);
  const rulesOf = new Map<string, FhirMappingRule[]>();
  for (const rule of profile.rules) rulesOf.set(rule.segment, [...(rulesOf.get(rule.segment) ?? []), rule]);

  const fail = (rule: Pick<FhirMappingRule, 'id' | 'source' | 'target'>, code: string, text: string): void => {
    errors.push({ ruleId: rule.id, source: rule.source, target: rule.target, code, message: text });
  };

  const type = pickMessageType(profile, context.messageType);
  if (!type.ok) fail({ id: 'message-type', source: '', target: 'MSH-9' }, type.issue.code, type.issue.message);
  const resourceType = (resource as Node | null)?.resourceType;
  if (resourceType !== profile.resourceType) {
    fail({ id: 'resource-type', source: 'resourceType', target: '' }, 'MAP_WRONG_RESOURCE', `the profile converts ${profile.resourceType}, not ${typeof resourceType === 'string' ? resourceType.slice(0, 40) : 'this input'}`);
  }

  function produce(rule: FhirMappingRule, focus: unknown): V2Output[] {
    if (rule.transform === 'constant') return [String(rule.args?.value ?? '')];
    if (rule.transform === 'now') return [timestamp];
    const source = parseFhirPath(rule.source);
    if (!source.ok) {
      fail(rule, source.issue.code, source.issue.message);
      return [];
    }
    const produced: V2Output[] = [];
    for (const value of readFhir(focus, source.value)) {
      // The identity keys v2 → FHIR composed for itself are the engine's, not the receiver's.
      if (typeof (value as { system?: unknown })?.system === 'string' && ((value as { system: string }).system.startsWith(INTERNAL_KEY_PREFIX))) continue;
      if (!rule.transform && typeof value === 'object') {
        fail(rule, 'MAP_NEEDS_TRANSFORM', `${rule.source} is a FHIR datatype: name a transform that writes it as ${rule.target}`);
        continue;
      }
      const result = rule.transform ? runFhirTransform(rule.transform, value, rule.args ?? {}) : ok(textOf(value));
      if (result.ok) produced.push(result.value);
      else fail(rule, result.issue.code, result.issue.message);
    }
    return produced;
  }

  function apply(rule: FhirMappingRule, focus: unknown, draft: SegmentDraft): void {
    const target = parseTargetField(rule.target);
    if (!target.ok) return fail(rule, target.issue.code, target.issue.message);
    if (target.value.segment !== draft.id) return fail(rule, 'MAP_BAD_TARGET', `the rule fills segment ${rule.segment} (${draft.id}) but targets ${target.value.segment}`);
    if (!holds(rule.condition, focus)) return;
    let produced = produce(rule, focus).filter((v) => !isEmptyOutput(v));
    if (produced.length === 0 && rule.otherwise !== undefined) produced = [rule.otherwise];
    if (produced.length === 0) {
      if (rule.required) fail(rule, 'MAP_REQUIRED_MISSING', `${rule.source || rule.transform || 'the rule'} gave no value for ${rule.target}, which this profile requires`);
      return;
    }
    const many = target.value.repetition === '*' || target.value.repetition === '+';
    (many ? produced : produced.slice(0, 1)).forEach((value, i) => draft.write(target.value, value, i));
  }

  const drafts: SegmentDraft[] = [];
  function emit(templates: readonly SegmentTemplate[], focus: unknown): void {
    for (const template of templates) {
      let sources: unknown[] = [focus];
      if (template.from) {
        const path = parseFhirPath(template.from);
        if (!path.ok) {
          fail({ id: template.key, source: template.from, target: template.segment }, path.issue.code, path.issue.message);
          sources = [];
        } else {
          sources = readFhir(focus, path.value).flatMap((value) => {
            if (!isReference(value)) return [value];
            const found = resolver.resolve(value);
            if (!found) fail({ id: template.key, source: template.from ?? '', target: template.segment }, 'MAP_UNRESOLVED_REFERENCE', `a reference at ${template.from} names a resource not given with the conversion`);
            return found ? [found] : [];
          });
        }
      }
      let count = 0;
      for (const source of sources.filter((s) => holds(template.when, s))) {
        const draft = new SegmentDraft(template.segment);
        count++;
        if (template.setId) draft.write({ segment: template.segment, field: template.setId, repetition: undefined, component: undefined, subcomponent: undefined }, String(count), 0);
        for (const rule of rulesOf.get(template.key) ?? []) apply(rule, source, draft);
        drafts.push(draft);
        if (template.children) emit(template.children, source);
      }
      if (count === 0 && template.required) {
        if (sources.length === 0) fail({ id: template.key, source: template.from ?? '', target: template.segment }, 'MAP_REQUIRED_SEGMENT', `nothing to read ${template.segment} from; an empty one was written`);
        const draft = new SegmentDraft(template.segment);
        if (template.setId) draft.write({ segment: template.segment, field: template.setId, repetition: undefined, component: undefined, subcomponent: undefined }, '1', 0);
        drafts.push(draft);
      }
    }
  }
  emit(profile.segments, resource);
  for (const rule of profile.rules) {
    if (!profile.segments.some(function has(t): boolean { return t.key === rule.segment || (t.children ?? []).some(has); })) {
      fail(rule, 'MAP_UNKNOWN_SEGMENT', `the rule fills ${JSON.stringify(rule.segment)}, which the profile does not write`);
    }
  }

  const message = parse(`MSH|^~\\&${'|'.repeat(10)}${OUTBOUND_VERSION}`);
  const [code = '', trigger = '', structure = ''] = type.ok ? type.value.split('^') : (profile.messageTypes[0] ?? '').split('^');
  const header: [string, string | undefined][] = [
    ['MSH-3', context.sendingApplication],
    ['MSH-4', context.sendingFacility],
    ['MSH-5', context.receivingApplication],
    ['MSH-6', context.receivingFacility],
    ['MSH-7', timestamp],
    ['MSH-9.1', code],
    ['MSH-9.2', trigger],
    ['MSH-9.3', structure],
    ['MSH-10', context.controlId],
    ['MSH-11', context.processingId ?? 'P'],
  ];
  for (const [path, value] of header) if (value) message.set(path, value);
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    const occurrence = (seen.get(draft.id) ?? 0) + 1;
    seen.set(draft.id, occurrence);
    draft.appendTo(message, occurrence);
  }
  let text = message.toString();
  // Anything beyond ASCII needs MSH-18 to say how it is encoded; the caller sends the text as UTF-8.
  if (/[\u0080-\uffff]/.test(text)) {
    message.set('MSH-18', 'UNICODE UTF-8');
    text = message.toString();
  }
  return { message: `${text}\r`, errors, profile: { name: profile.name, version: context.version ?? 0 } };
}
