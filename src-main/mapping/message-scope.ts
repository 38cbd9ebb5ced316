import { groupSegments, Hl7Segment, type Hl7Group, type Hl7Message } from '../hl7';

/**
 * Where a template or rule stands in a message: the whole message, one occurrence of a segment group
 * (ORDER_OBSERVATION, OBSERVATION) or one segment (NK1). Segments are found from there outwards.
 */
export interface Scope {
  readonly node: Hl7Group | Hl7Segment;
  readonly parent: Scope | undefined;
  /** How this occurrence is named for stable identities: `ORDER_OBSERVATION[2]/OBSERVATION[3]`. */
  readonly label: string;
}

const isGroup = (node: Hl7Group | Hl7Segment): node is Hl7Group => !(node instanceof Hl7Segment);

export const messageScope = (message: Hl7Message): Scope => ({ node: groupSegments(message), parent: undefined, label: '' });

/** The first segment `id` in `group`'s subtree, depth first, skipping child groups named `skip`. */
function firstIn(group: Hl7Group, id: string, skip: string | undefined): Hl7Segment | undefined {
  for (const child of group.children) {
    if (!isGroup(child)) {
      if (child.id === id) return child;
    } else if (child.name !== skip) {
      const found = firstIn(child, id, undefined);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every segment `id` of a group's own subtree, in order. */
function allIn(group: Hl7Group, id: string, into: Hl7Segment[]): Hl7Segment[] {
  for (const child of group.children) {
    if (!isGroup(child)) {
      if (child.id === id) into.push(child);
    } else allIn(child, id, into);
  }
  return into;
}

/**
 * The segments `id` as seen from `scope`: the scope's own; else, going outwards, the first one in each
 * enclosing group — never one inside a sibling occurrence of the group the search came from (an
 * OBSERVATION never reads the NTE of the OBSERVATION before it); else every one deeper inside the
 * scope (the whole message's PID, an ORDER's OBR in its ORDER_DETAIL). Outwards before deeper: an
 * OBSERVATION_REQUEST reads its ORDER's ORC, not the ORC of a prior result nested in it. `own` never
 * looks outwards.
 */
export function segmentsFrom(scope: Scope, id: string, own = false): Hl7Segment[] {
  const here = scope.node;
  if (!isGroup(here)) {
    if (here.id === id) return [here];
    const run = trailing(scope, id);
    return run ?? outwards(scope, id, own);
  }
  const mine = here.children.filter((child): child is Hl7Segment => !isGroup(child) && child.id === id);
  if (mine.length > 0) return mine;
  const around = outwards(scope, id, own);
  return around.length > 0 ? around : allIn(here, id, []);
}

/**
 * A segment that repeats in its group (RXA, RXA, RXA in one VXU ORDER) owns the segments that follow
 * it up to the next of its kind: `id`s found in such a run are answered from this one's run alone
 * (the second RXA never reads the first one's RXR); undefined when `id` trails no repetition.
 */
function trailing(scope: Scope, id: string): Hl7Segment[] | undefined {
  const parent = scope.parent?.node;
  const here = scope.node as Hl7Segment;
  if (!parent || !isGroup(parent)) return undefined;
  const runs: Hl7Segment[][] = [];
  for (const child of parent.children) {
    if (isGroup(child)) continue;
    if (child.id === here.id) runs.push([child]);
    else runs[runs.length - 1]?.push(child);
  }
  if (runs.length < 2 || !runs.some((run) => run.some((s) => s.id === id))) return undefined;
  return (runs.find((run) => run[0] === here) ?? []).filter((s) => s.id === id);
}

function outwards(scope: Scope, id: string, own: boolean): Hl7Segment[] {
  if (own) return [];
  let from: Scope = scope;
  for (let up = scope.parent; up; up = up.parent) {
    const cameFrom = isGroup(from.node) ? from.node.name : undefined;
    const found = isGroup(up.node) ? firstIn(up.node, id, cameFrom) : undefined;
    if (found) return [found];
    from = up;
  }
  return [];
}

/**
 * The occurrences `each` names below `scope`: a segment id (`NK1`) gives each such segment; a group
 * path (`ORDER_OBSERVATION/OBSERVATION`) each occurrence of its last group inside the ones before it.
 * A leading `/` takes its first step among the scope's own children only (`/OBX`: an OBX the message
 * holds outside any group, never one inside an ORDER).
 */
export function occurrences(scope: Scope, each: string): Scope[] {
  const anchored = each.startsWith('/');
  const [first, ...rest] = (anchored ? each.slice(1) : each).split('/');
  if (first === undefined || first === '') return [];
  const found: Scope[] = [];
  // Counted over the whole search, so two PATIENT_RESULTs' first ORDER_OBSERVATIONs are 1 and 2.
  let n = 0;
  const visit = (at: Scope): void => {
    if (!isGroup(at.node)) return;
    for (const child of at.node.children) {
      const name = isGroup(child) ? child.name : child.id;
      if (name === first) {
        n++;
        found.push({ node: child, parent: at, label: `${scope.label ? `${scope.label}/` : ''}${name}[${n}]` });
      } else if (isGroup(child) && !anchored) visit({ node: child, parent: at, label: at.label });
    }
  };
  visit(scope);
  return rest.length === 0 ? found : found.flatMap((s) => occurrences(s, rest.join('/')));
}

/** Whether `inner` is `outer` or lies inside it. */
export function within(inner: Scope, outer: Scope): boolean {
  for (let s: Scope | undefined = inner; s; s = s.parent) if (s.node === outer.node) return true;
  return false;
}
