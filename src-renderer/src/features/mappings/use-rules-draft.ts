import { ErrorCode } from '@contract/error-codes';
import { useState } from 'react';
import type { ApiError, FieldErrors } from '../../api/client';
import { notifyError } from '../../components/notify';
import { moveRule, putRule, removeRuleAt } from './rule-edits';

/**
 * A profile's rules as a draft, of either direction: the edits (add / replace / move / remove), which
 * rule the form has open (a new one may start from a source), and the problems the last save answered.
 */
export function useRulesDraft<R>(saved: R[], profileName: string) {
  const [rules, setRules] = useState<R[]>(saved);
  const [editing, setEditing] = useState<{ index: number | null; source?: string } | null>(null);
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  const edit = (next: R[]) => {
    setRules(next);
    setSaveErrors({});
  };
  return {
    rules,
    changed: rules !== saved,
    editing,
    setEditing,
    saveErrors,
    discard: () => edit(saved),
    move: (index: number, delta: number) => edit(moveRule(rules, index, delta)),
    remove: (index: number) => edit(removeRuleAt(rules, index)),
    /** Puts the rule the form applied in its place (or last, for a new one) and closes the form. */
    apply: (rule: R) => {
      edit(putRule(rules, editing?.index ?? null, rule));
      setEditing(null);
    },
    /** A refused save: a version conflict said plainly, field problems beside their rules, anything else as a notice. */
    onSaveError: (error: ApiError) => {
      if (error.code === ErrorCode.INTEROP_VERSION_CONFLICT) notifyError('Not saved', `${profileName} was changed by someone else. Reload the page to see the latest version.`);
      else if (Object.keys(error.fieldErrors).length > 0) setSaveErrors(error.fieldErrors);
      else notifyError('Not saved', error.message);
    },
  };
}
