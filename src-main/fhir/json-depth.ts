/** How deep a FHIR JSON body may nest: far beyond any real resource, well within what the validators' recursion takes. */
export const MAX_JSON_DEPTH = 128;

/** Whether `value` nests arrays and objects deeper than `max` levels; iterative, so no depth can overflow the stack here. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
