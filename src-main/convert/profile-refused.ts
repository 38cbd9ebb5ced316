import { AppError } from '../core/errors';
import type { ProfileIssue } from '../mapping/check-profile';

/** A problem of one rule of a draft profile: its place in the rules, its id, the field of it and why. */
export interface RuleIssue {
  index: number;
  ruleId: string;
  field: string;
  message: string;
}

const RULE_PATH = /^rules\[(\d+)\](?:\.(.+))?$/;

/**
 * The 422 for a draft profile the preview cannot run: `details.fields` as every validation error
 * (paths under the request's `profile`), and `details.rules` naming each rule with a problem, so the
 * rules editor shows it beside that rule. Pure.
 */
export function profileRefused(issues: readonly ProfileIssue[], profile: { rules: readonly { id: string }[] }): AppError {
  const fields: Record<string, string[]> = {};
  const rules: RuleIssue[] = [];
  for (const issue of issues) {
    (fields[`profile.${issue.path}`] ??= []).push(issue.message);
    const match = RULE_PATH.exec(issue.path);
    if (!match) continue;
    const index = Number(match[1]);
    rules.push({ index, ruleId: profile.rules[index]?.id ?? '', field: match[2] ?? '', message: issue.message });
  }
  const named = rules.map((r) => r.ruleId).filter((id, i, all) => all.indexOf(id) === i);
  const message = named.length > 0 ? `The draft profile has problems in rule ${named.slice(0, 5).join(', ')}${named.length > 5 ? ', …' : ''}` : 'The draft profile has problems';
  return new AppError('validation', 'INTEROP_VALIDATION_FAILED', message, { fields, rules });
}
