/** What a rule or template condition asks of the values it reads; both mapping directions use it. */
export type ConditionOp = 'valued' | 'empty' | 'in' | 'not-in';

/** Whether the texts read at a condition's path satisfy it: any value, none, one of `wanted`, none of `wanted`. */
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
    default:
      return op satisfies never;
  }
}
