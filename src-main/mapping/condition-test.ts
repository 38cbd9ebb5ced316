import { isNmQuantity } from './datatypes/number';

/** What a rule or template condition asks of the values it reads; both mapping directions use it. */
export type ConditionOp = 'valued' | 'empty' | 'in' | 'not-in' | 'numeric';

/** Whether the texts read at a condition's path satisfy it: any value, none, one of `wanted`, none of `wanted`, numbers only. */
export function conditionHolds(op: ConditionOp, texts: readonly string[], wanted: readonly string[]): boolean {
  switch (op) {
    case 'valued':
      return texts.length > 0;
    case 'empty':
      return texts.length === 0;
    case 'in':
      return texts.some((t) => wanted.includes(t));
    case 'not-in':
      return !texts.some((t) => wanted.includes(t));
    case 'numeric':
      return texts.length > 0 && texts.every(isNmQuantity);
    default:
      return op satisfies never;
  }
}
