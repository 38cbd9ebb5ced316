import { createHash } from 'node:crypto';
import type { Bundle, BundleEntry, Identifier, Resource } from '@medplum/fhirtypes';
import type { Hl7Message, Hl7Segment } from '../hl7';
import type { Conversion, RuleError } from './conversion';
import { composedValue } from './compose-key';
import { conditionHolds } from './condition-test';
import { CoverageTracker } from './coverage';
import { comp } from './datatypes/v2-value';
import { messageScope, occurrences, within, type Scope } from './message-scope';
import type { Condition, ConditionClause, Hl7MappingProfileContent, MappingRule, ResourceTemplate } from './profile';
import { readSource, type SourceValue } from './read-source';
import { parseSourcePath } from './source-path';
import { markAbsent, parseTargetPath, pruneEmpty, writeAt, type TargetStep } from './target-path';
import { runTransform } from './transforms/registry';
import { fail as failed, ok, type MapResult } from './transforms/result';

export interface RunContext {
  /** The stored message's id: every resource's meta.source names it. */
  messageId?: string | undefined;
  /** The stored profile version that runs (0 for a default not yet stored). */
  version?: number;
  /** The sender's IANA time zone: HL7 times sent without a UTC offset are read in it; absent, they keep their date only. Callers choose it (convert/sender-time-zone.ts). */
  timeZone?: string | undefined;
}

/** The transforms the engine itself answers: links to other resources the profile makes, and constants. */
export const ENGINE_TRANSFORMS = ['reference', 'references', 'constant'] as const;

/** The systems of the identity keys profiles compose (`urn:interop-console:id:observation`): the engine's own, never sent out. */
export const INTERNAL_KEY_PREFIX = 'urn:interop-console:id:';

/** The meta.source of a resource made from a stored message. */
export const messageSource = (messageId: string): string => `urn:interop-console:hl7-message:${messageId}`;

interface Instance {
  template: ResourceTemplate;
  scope: Scope;
  resource: Record<string, unknown>;
  fullUrl: string;
  /** Stable for this message, template and occurrence: the id of a resource that has no identifier to be found by. */
  stableId: string;
}

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex');
const uuidOf = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/**
 * Whether a clause holds where it stands. Its path may name fallbacks (`TQ1-7|SCH-11.4`): the first
 * that has a value is judged, as a compose part reads them. An `in` / `not-in` clause that holds compared
 * the values it read: they go to `decided`.
 */
function clauseHolds(clause: ConditionClause, scope: Scope, decided: SourceValue[]): boolean {
  let read: SourceValue[] = [];
  for (const alternative of clause.path.split('|')) {
    const path = parseSourcePath(alternative);
    if (!path.ok) return false;
    read = readSource(scope, path.value);
    if (read.length > 0) break;
  }
  const held = conditionHolds(clause.op, read.map((v) => comp(v.value, 1)), clause.values ?? []);
  if (held && (clause.op === 'in' || clause.op === 'not-in')) decided.push(...read);
  return held;
}

/**
 * Whether a condition holds (every one, for a list; each by its clause or one of its `or` alternatives).
 * When it does, `decided` gets the values its holding `in` / `not-in` clauses compared: once what the
 * condition decided is written, they count as mapped (RXA-20 RE deciding an Immunization not-done).
 * A `valued` / `empty` clause tests presence only, so its values count only where a rule maps them.
 */
function holds(condition: Condition | Condition[] | undefined, scope: Scope, decided: SourceValue[] = []): boolean {
  if (!condition) return true;
  const compared: SourceValue[] = [];
  const held = [condition].flat().every((c) => [c, ...(c.or ?? [])].map((clause) => clauseHolds(clause, scope, compared)).some(Boolean));
  if (held) decided.push(...compared);
  return held;
}

/** A rule's `where`, judged on one segment it read: its paths name that segment, so it is found as the scope itself. */
const holdsFor = (where: Condition | Condition[] | undefined, segment: Hl7Segment, around: Scope): boolean =>
  where === undefined || holds(where, { node: segment, parent: around, label: '' });

/**
 * A rule's arguments with those it reads from the message (`argsFrom`): a path of the read segment's own
 * kind from that segment, else from where the rule stands; the first alternative with a value wins.
 */
function argsFor(rule: MappingRule, at: Hl7Segment | undefined, around: Scope, read: (value: SourceValue) => void): Record<string, string | number | boolean> {
  const args = { ...(rule.args ?? {}) };
  for (const [name, paths] of Object.entries(rule.argsFrom ?? {})) {
    for (const alternative of paths.split('|')) {
      const path = parseSourcePath(alternative);
      if (!path.ok) continue;
      const [first] = readSource(at && at.id === path.value.segment ? { node: at, parent: around, label: '' } : around, path.value);
      if (!first) continue;
      args[name] = comp(first.value, 1);
      read(first);
      break;
    }
  }
  return args;
}

const isLink = (rule: MappingRule): boolean => rule.transform === 'reference' || rule.transform === 'references';

/** A template's `when` as text: `PID-3 valued and TQ1-7|SCH-11.4 valued or MSH-9.2 in S15`. */
function describeWhen(template: ResourceTemplate | undefined): string {
  const clause = (c: ConditionClause) => `${c.path} ${c.op}${c.values ? ` ${c.values.join(',')}` : ''}`;
  return (template?.when === undefined ? [] : [template.when].flat()).map((c) => [c, ...(c.or ?? [])].map(clause).join(' or ')).join(' and ');
}

/** Why a required link is missing: the message made no such resource, as its template's conditions (PID-3 valued) did not hold. */
function missingLink(rule: MappingRule, profile: Hl7MappingProfileContent): string {
  const key = String(rule.args?.resource ?? '');
  const needs = describeWhen(profile.resources.find((t) => t.key === key));
  return `the message made no ${key} to link as ${rule.target}${needs ? ` (it needs ${needs})` : ''}, which this profile requires`;
}

/** The identifier a resource is found again by: the first with the identity's system, else the first with a value. */
function keyIdentifier(resource: Record<string, unknown>, system: string | undefined): Identifier | undefined {
  const identifiers = (Array.isArray(resource.identifier) ? resource.identifier : []) as Identifier[];
  return identifiers.find((i) => i.value && (system === undefined || i.system === system));
}

/** The conditional query that finds a resource by its key identifier. */
const keyQuery = (key: Identifier): string => `identifier=${encodeURIComponent(key.system ? `${key.system}|${key.value}` : (key.value ?? ''))}`;

function entryOf(instance: Instance): BundleEntry {
  const { template } = instance;
  const resource = instance.resource as unknown as Resource;
  const { compose, system } = template.identity;
  const key = (compose ? keyIdentifier(instance.resource, compose.system) : undefined) ?? (compose && !compose.unlessSystem ? undefined : keyIdentifier(instance.resource, system));
  if (key?.value) {
    const query = keyQuery(key);
    return template.identity.mode === 'update'
      ? { fullUrl: instance.fullUrl, resource, request: { method: 'PUT', url: `${template.resourceType}?${query}` } }
      : { fullUrl: instance.fullUrl, resource, request: { method: 'POST', url: template.resourceType, ifNoneExist: query } };
  }
  return { fullUrl: instance.fullUrl, resource: { ...resource, id: instance.stableId } as Resource, request: { method: 'PUT', url: `${template.resourceType}/${instance.stableId}` } };
}

/**
 * A link as the element that holds it: `field` puts the Reference under that name and `with` (a JSON
 * object) adds fixed elements — `{ actor: { reference }, status: 'accepted' }` for an Appointment participant.
 */
function shapeLinks(found: unknown[], args: Record<string, string | number | boolean>): MapResult<unknown[]> {
  const field = typeof args.field === 'string' ? args.field : undefined;
  let extra: Record<string, unknown> = {};
  if (typeof args.with === 'string') {
    try {
      extra = JSON.parse(args.with) as Record<string, unknown>;
    } catch {
      return failed('MAP_BAD_ARGUMENT', 'the argument with must be a JSON object');
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) return failed('MAP_BAD_ARGUMENT', 'the argument with must be a JSON object');
  }
  if (field === undefined && typeof args.with !== 'string') return ok(found);
  return ok(found.map((link) => ({ ...(field === undefined ? (link as object) : { [field]: link }), ...extra })));
}

/** Rewrites every `{ reference }` naming a key of `moved` to its value, in place. */
function redirect(node: unknown, moved: ReadonlyMap<string, string>): void {
  if (Array.isArray(node)) node.forEach((item) => redirect(item, moved));
  else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (typeof record.reference === 'string' && moved.has(record.reference)) record.reference = moved.get(record.reference);
    Object.values(record).forEach((value) => redirect(value, moved));
  }
}

/**
 * A composed key names one resource: when the message gives it to two that say different things (two
 * OBX of one order with the same set id), the second is keyed `#2`, the third `#3` — by message order,
 * so reprocessing finds each again; one saying the same as an earlier one keeps that one's key.
 */
function keyOccurrences(): { occurrence(key: string, resource: unknown): string } {
  const seen = new Map<string, string[]>();
  return {
    occurrence(key, resource) {
      const said = JSON.stringify(resource);
      const earlier = seen.get(key) ?? [];
      let index = earlier.indexOf(said);
      if (index < 0) index = earlier.push(said) - 1;
      seen.set(key, earlier);
      return index === 0 ? '' : `#${index + 1}`;
    },
  };
}

/**
 * One conditional write per key: two resources the message names by the same identifier (the same
 * doctor ordering two tests, one specimen repeated word for word in each order of a result) are one
 * resource — the first made is kept and references to the others point to it, so the transaction never
 * writes it twice (two conditional writes resolved at once would each create it).
 */
function withoutDuplicates(entries: BundleEntry[]): BundleEntry[] {
  const seen = new Map<string, string>();
  const moved = new Map<string, string>();
  const kept = entries.filter((entry) => {
    const { method, url, ifNoneExist } = entry.request ?? {};
    // An update is the same resource only when it says the same (a specimen repeated in each order); else both are written.
    const key = ifNoneExist !== undefined ? `${url}?${ifNoneExist}` : method === 'PUT' && url?.includes('?') ? `${url} ${JSON.stringify(entry.resource)}` : undefined;
    if (key === undefined) return true;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry.fullUrl ?? '');
      return true;
    }
    if (entry.fullUrl) moved.set(entry.fullUrl, first);
    return false;
  });
  if (moved.size > 0) kept.forEach((entry) => redirect(entry.resource, moved));
  return kept;
}

/**
 * Runs a profile over a message: makes each template's resources (once, or per segment or group
 * occurrence), fills them by the rules, links them, and answers the transaction Bundle with what was
 * not mapped and what went wrong. Pure: a bad value becomes a rule error, never an exception.
 */
export function runProfile(profile: Hl7MappingProfileContent, message: Hl7Message, context: RunContext = {}): Conversion {
  const root = messageScope(message);
  const coverage = new CoverageTracker();
  const errors: RuleError[] = [];
  const header = message.header;
  const messageKey = context.messageId ?? `${header.sendingApplication}|${header.sendingFacility}|${header.controlId}`;
  const env = { timeZone: context.timeZone };

  const instances: Instance[] = [];
  for (const template of profile.resources) {
    const scopes = template.each === undefined ? [root] : (Array.isArray(template.each) ? template.each : [template.each]).flatMap((each) => occurrences(root, each));
    for (const scope of scopes) {
      const decided: SourceValue[] = [];
      if (!holds(template.when, scope, decided)) continue;
      decided.forEach((v) => coverage.markRead(v));
      const hex = digest(profile.name, messageKey, template.key, scope.label);
      instances.push({ template, scope, resource: { resourceType: template.resourceType }, fullUrl: `urn:uuid:${uuidOf(hex)}`, stableId: hex.slice(0, 40) });
    }
    if (template.required && !instances.some((i) => i.template === template)) {
      const needs = describeWhen(template);
      errors.push({ ruleId: template.key, source: [template.when ?? []].flat().map((c) => c.path).join(' '), target: template.resourceType, code: 'MAP_RESOURCE_NOT_MADE', message: `the message made no ${template.key} (${template.resourceType})${needs ? `: it needs ${needs}` : ''}, which this profile requires` });
    }
  }
  /** Targets to mark absent at the end, where no rule has written them (`absentReason`). */
  const absent: { rule: MappingRule; instance: Instance; steps: readonly TargetStep[] }[] = [];
  const instancesOf = (key: string) => instances.filter((i) => i.template.key === key);

  const fail = (rule: MappingRule, code: string, text: string): void => {
    errors.push({ ruleId: rule.id, source: rule.source, target: rule.target, code, message: text });
  };

  /** What a link transform gives: the nearest resource of the named template, or all of them in scope. */
  function links(rule: MappingRule, at: Scope): unknown[] {
    const key = String(rule.args?.resource ?? '');
    const candidates = instancesOf(key);
    if (candidates.length === 0) return [];
    if (rule.transform === 'references') return candidates.filter((c) => within(c.scope, at)).map((c) => ({ reference: c.fullUrl }));
    // Nearest: the first made inside this resource's group, else inside the group around it, and so outwards.
    for (let around: Scope | undefined = at; around; around = around.parent) {
      const found = candidates.find((c) => within(c.scope, around));
      if (found) return [{ reference: found.fullUrl }];
    }
    return [];
  }

  function apply(rule: MappingRule, instance: Instance): void {
    const target = parseTargetPath(rule.target);
    if (!target.ok) return fail(rule, target.issue.code, target.issue.message);
    const decided: SourceValue[] = [];
    if (!holds(rule.condition, instance.scope, decided)) return;
    // A `*` or `+` anywhere takes every value: `address[*].city` writes one city per repetition.
    const many = target.value.some((step) => step.index === '*' || step.index === '+');
    let produced: unknown[];
    if (rule.transform === 'reference' || rule.transform === 'references') {
      const shaped = shapeLinks(links(rule, instance.scope), rule.args ?? {});
      if (!shaped.ok) return fail(rule, shaped.issue.code, shaped.issue.message);
      produced = shaped.value;
    } else if (rule.transform === 'constant') {
      produced = [rule.args?.value];
    } else {
      const source = parseSourcePath(rule.source);
      if (!source.ok) return fail(rule, source.issue.code, source.issue.message);
      const values = readSource(instance.scope, source.value, rule.scope === 'own').filter((v) => holdsFor(rule.where, v.at.segment, instance.scope));
      produced = [];
      // A value counts as mapped only once the rule gave something from it: a failed or empty transform leaves it in the coverage report.
      const used = (value: unknown) => value !== undefined && value !== '';
      if (rule.absentReason && values.length > 0) absent.push({ rule, instance, steps: target.value });
      if (source.value.repetition === '*' && !many && rule.transform && values.length > 0) {
        // Every repetition into one element (FT/TX lines into one string): the transform takes them all as text.
        const argsRead: SourceValue[] = [];
        const result = runTransform(rule.transform, values.map((v) => comp(v.value, 1)), argsFor(rule, undefined, instance.scope, (v) => argsRead.push(v)), env);
        if (!result.ok) return fail(rule, result.issue.code, result.issue.message);
        if (used(result.value)) [...values, ...argsRead].forEach((v) => coverage.markRead(v));
        values.length = 0;
        produced.push(result.value);
      }
      for (const read of values) {
        if (!rule.transform) {
          produced.push(comp(read.value, 1));
          coverage.markRead(read);
          continue;
        }
        const argsRead: SourceValue[] = [];
        const result = runTransform(rule.transform, read.value, argsFor(rule, read.at.segment, instance.scope, (v) => argsRead.push(v)), env);
        if (!result.ok) fail(rule, result.issue.code, result.issue.message);
        else {
          produced.push(...(Array.isArray(result.value) && many ? result.value : [result.value]));
          if (used(result.value)) [read, ...argsRead].forEach((v) => coverage.markRead(v));
        }
      }
    }
    produced = produced.filter((v) => v !== undefined && v !== '');
    if (produced.length === 0 && rule.otherwise !== undefined) produced = [rule.otherwise];
    if (produced.length === 0) {
      if (rule.required) fail(rule, 'MAP_REQUIRED_MISSING', isLink(rule) ? missingLink(rule, profile) : `${rule.source || rule.transform || 'the rule'} gave no value for ${rule.target}, which this profile requires`);
      return;
    }
    (many ? produced : produced.slice(0, 1)).forEach((value, i) => writeAt(instance.resource, target.value, value, i));
    decided.forEach((v) => coverage.markRead(v));
  }

  for (const rule of profile.rules) {
    const targets = instancesOf(rule.resource);
    if (targets.length === 0 && !profile.resources.some((t) => t.key === rule.resource)) {
      fail(rule, 'MAP_UNKNOWN_RESOURCE', `the rule fills ${JSON.stringify(rule.resource)}, which the profile does not make`);
      continue;
    }
    for (const instance of targets) apply(rule, instance);
  }

  for (const { rule, instance, steps } of absent) {
    if (markAbsent(instance.resource, steps, rule.absentReason as string)) {
      fail(rule, 'MAP_VALUE_ABSENT', `${rule.source} gave no value for ${rule.target}, which is marked absent (data-absent-reason ${rule.absentReason})`);
    }
  }

  const composedKeys = keyOccurrences();
  const formerValues = new Map<Instance, Identifier>();
  for (const instance of instances) {
    const compose = instance.template.identity.compose;
    if (!compose || (compose.unlessSystem && keyIdentifier(instance.resource, undefined)?.system)) continue;
    const read = (alternative: string): string | undefined => {
      const path = parseSourcePath(alternative);
      const first = path.ok ? readSource(instance.scope, path.value)[0] : undefined;
      if (first) coverage.markRead(first);
      return first && comp(first.value, 1);
    };
    const value = composedValue(compose.parts, read);
    if (value === undefined) continue;
    const occurrence = composedKeys.occurrence(`${instance.template.key} ${value}`, instance.resource);
    writeAt(instance.resource, [{ name: 'identifier', index: '+' }], { system: compose.system, value: `${value}${occurrence}` }, 0);
    const former = compose.formerParts && composedValue(compose.formerParts, read);
    if (former !== undefined && former !== value) formerValues.set(instance, { system: compose.system, value: `${former}${occurrence}` });
  }

  const entry: BundleEntry[] = instances.map((instance) => {
    instance.resource = (pruneEmpty(instance.resource) as Record<string, unknown> | undefined) ?? { resourceType: instance.template.resourceType };
    if (context.messageId) instance.resource.meta = { ...(instance.resource.meta as object | undefined), source: messageSource(context.messageId) };
    return entryOf(instance);
  });
  const formerKeys = Object.fromEntries([...formerValues].map(([instance, key]) => [instance.fullUrl, keyQuery(key)]));
  const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: withoutDuplicates(entry) };
  return { bundle, unmapped: coverage.unmapped(message), errors, profile: { name: profile.name, version: context.version ?? 0 }, ...(formerValues.size > 0 ? { formerKeys } : {}) };
}
