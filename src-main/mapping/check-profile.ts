import { labelProblem, splitAlternative } from './compose-key';
import type { Condition, ConditionClause, Hl7MappingProfileContent } from './profile';
import { ENGINE_TRANSFORMS } from './run-profile';
import { parseSourcePath } from './source-path';
import { parseTargetPath } from './target-path';
import { checkTransformCall, type TransformArgs } from './transforms/registry';

/** A problem with a profile before it runs, at a path of its JSON (`rules[3].source`). */
export interface ProfileIssue {
  path: string;
  message: string;
}

const MESSAGE_TYPE = /^[A-Z0-9]{3}\^[A-Z0-9]{2,3}$/;
const GROUP_PATH = /^\/?[A-Z][A-Z0-9_]*(\/[A-Z][A-Z0-9_]*)*$/;

function checkClause(c: ConditionClause, path: string, issues: ProfileIssue[]): void {
  for (const alternative of c.path.split('|')) {
    const source = parseSourcePath(alternative);
    if (!source.ok) issues.push({ path: `${path}.path`, message: source.issue.message });
  }
  if ((c.op === 'in' || c.op === 'not-in') && (c.values ?? []).length === 0) issues.push({ path: `${path}.values`, message: `${c.op} needs at least one value` });
}

function checkCondition(condition: Condition | Condition[] | undefined, at: string, issues: ProfileIssue[]): void {
  const list = condition === undefined ? [] : Array.isArray(condition) ? condition : [condition];
  list.forEach((c, i) => {
    const path = `${at}${Array.isArray(condition) ? `[${i}]` : ''}`;
    checkClause(c, path, issues);
    if (c.or !== undefined && c.or.length === 0) issues.push({ path: `${path}.or`, message: 'or needs at least one alternative' });
    (c.or ?? []).forEach((alternative, a) => {
      if ('or' in alternative) issues.push({ path: `${path}.or[${a}]`, message: 'an alternative cannot have alternatives of its own: list them all in one or' });
      checkClause(alternative, `${path}.or[${a}]`, issues);
    });
  });
}

/**
 * What is wrong with a profile, found without running it: the shape of every source and target path,
 * transform names and arguments, rules naming a template that does not exist, duplicate keys and ids.
 * The rules editor shows these beside each rule; a profile with issues is not saved.
 */
export function checkProfile(profile: Hl7MappingProfileContent): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  if (profile.name.trim() === '') issues.push({ path: 'name', message: 'a profile needs a name' });
  if (profile.messageTypes.length === 0) issues.push({ path: 'messageTypes', message: 'name at least one message type, such as ORU^R01' });
  profile.messageTypes.forEach((type, i) => {
    if (!MESSAGE_TYPE.test(type)) issues.push({ path: `messageTypes[${i}]`, message: `${JSON.stringify(type.slice(0, 20))} is not a message type such as ORU^R01` });
  });
  const keys = new Set<string>();
  profile.resources.forEach((template, i) => {
    const at = `resources[${i}]`;
    if (keys.has(template.key)) issues.push({ path: `${at}.key`, message: `the key ${JSON.stringify(template.key)} is used twice` });
    keys.add(template.key);
    if (!/^[A-Z][A-Za-z]+$/.test(template.resourceType)) issues.push({ path: `${at}.resourceType`, message: 'not a FHIR resource type such as Patient' });
    const each = template.each === undefined ? [] : Array.isArray(template.each) ? template.each : [template.each];
    each.forEach((path) => {
      if (!GROUP_PATH.test(path)) issues.push({ path: `${at}.each`, message: `${JSON.stringify(path.slice(0, 60))} is not a segment id or group path such as ORDER_OBSERVATION/OBSERVATION or /OBX` });
    });
    checkCondition(template.when, `${at}.when`, issues);
    const compose = template.identity.compose;
    for (const field of ['parts', 'formerParts'] as const) {
      (compose?.[field] ?? []).forEach((part, p) => {
        for (const { label, path } of part.split('|').map(splitAlternative)) {
          const source = parseSourcePath(path);
          const problem = (label === undefined ? undefined : labelProblem(label)) ?? (source.ok ? undefined : source.issue.message);
          if (problem) issues.push({ path: `${at}.identity.compose.${field}[${p}]`, message: problem });
        }
      });
    }
  });
  const ids = new Set<string>();
  profile.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (ids.has(rule.id)) issues.push({ path: `${at}.id`, message: `the rule id ${JSON.stringify(rule.id)} is used twice` });
    ids.add(rule.id);
    if (!keys.has(rule.resource)) issues.push({ path: `${at}.resource`, message: `no resource template has the key ${JSON.stringify(rule.resource)}` });
    const target = parseTargetPath(rule.target);
    if (!target.ok) issues.push({ path: `${at}.target`, message: target.issue.message });
    const engine = (ENGINE_TRANSFORMS as readonly string[]).includes(rule.transform ?? '');
    if (!engine) {
      const source = parseSourcePath(rule.source);
      if (!source.ok) issues.push({ path: `${at}.source`, message: source.issue.message });
      if (rule.transform) for (const problem of checkTransformCall(rule.transform, (rule.args ?? {}) as TransformArgs)) issues.push({ path: `${at}.transform`, message: problem.message });
    } else if (rule.transform === 'constant' ? rule.args?.value === undefined : !keys.has(String(rule.args?.resource ?? ''))) {
      issues.push({ path: `${at}.args`, message: rule.transform === 'constant' ? 'constant needs args.value' : `${rule.transform} needs args.resource naming a resource template` });
    }
    for (const [name, paths] of Object.entries(rule.argsFrom ?? {})) {
      for (const alternative of paths.split('|')) {
        const source = parseSourcePath(alternative);
        if (!source.ok) issues.push({ path: `${at}.argsFrom.${name}`, message: source.issue.message });
      }
    }
    if (rule.absentReason !== undefined && target.ok && (target.value.some((step) => step.index === '+' || step.index === '*') || target.value[target.value.length - 1]?.index !== undefined)) {
      issues.push({ path: `${at}.absentReason`, message: 'only one element can be marked absent: a target without [+], [*] or a last index' });
    }
    checkCondition(rule.condition, `${at}.condition`, issues);
    checkCondition(rule.where, `${at}.where`, issues);
    const segment = parseSourcePath(rule.source);
    for (const [i, c] of (rule.where === undefined ? [] : [rule.where].flat()).entries()) {
      const other = [c, ...(c.or ?? [])].flatMap((clause) => clause.path.split('|')).map(parseSourcePath).find((path) => path.ok && (!segment.ok || path.value.segment !== segment.value.segment));
      if (other?.ok) {
        issues.push({ path: `${at}.where${Array.isArray(rule.where) ? `[${i}]` : ''}.path`, message: `where judges each ${segment.ok ? segment.value.segment : 'source'} segment read on its own fields: name a field of it, not ${other.value.segment}` });
      }
    }
  });
  return issues;
}
