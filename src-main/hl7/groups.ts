import type { StructureNode } from './dictionary';
import { messageStructure } from './dictionary';
import type { Hl7Message } from './message';
import { Hl7Segment } from './segment';

/** A segment group (ORU_R01 ORDER_OBSERVATION, OBSERVATION, …); the root is named after the structure. */
export interface Hl7Group {
  readonly name: string;
  readonly children: ReadonlyArray<Hl7Group | Hl7Segment>;
}

interface GroupDef {
  readonly name: string;
  readonly children: readonly StructureNode[];
}
interface Frame {
  readonly def: GroupDef;
  readonly group: { name: string; children: Array<Hl7Group | Hl7Segment> };
  /** Index of the child matched last; -1 before the first. */
  pos: number;
}

const firstSets = new WeakMap<GroupDef, Set<string>>();

/** Segment ids that can open a group: its leading optional segments and the first required one. */
function firstSet(def: GroupDef): Set<string> {
  let set = firstSets.get(def);
  if (set === undefined) {
    set = new Set();
    for (const child of def.children) {
      if (child.kind === 'segment') for (const id of child.oneOf ?? [child.id]) set.add(id);
      else for (const id of firstSet(child)) set.add(id);
      if (child.required) break;
    }
    firstSets.set(def, set);
  }
  return set;
}

function findIn(frame: Frame, id: string): number {
  const children = frame.def.children;
  for (let i = Math.max(frame.pos, 0); i < children.length; i++) {
    const child = children[i]!;
    if (i === frame.pos && !child.repeats) continue;
    if (child.kind === 'segment' ? child.id === id || child.oneOf?.includes(id) === true : firstSet(child).has(id)) return i;
  }
  return -1;
}

/**
 * Groups the segments by the message structure of their version, the way HAPI's parser does: each
 * segment goes to the innermost open group that can still take it, else opens a new group instance
 * further up. Segments the structure does not expect (Z-segments, out-of-order ones) stay in place in
 * the innermost open group, so no segment is ever dropped. Without a known structure: one flat group.
 */
export function groupSegments(message: Hl7Message): Hl7Group {
  const header = message.header;
  const structure = messageStructure(header);
  const root = { name: structure?.name ?? (header.messageType || 'MESSAGE'), children: [] as Array<Hl7Group | Hl7Segment> };
  if (structure === undefined) {
    root.children.push(...message.segments());
    return root;
  }
  const stack: Frame[] = [{ def: structure, group: root, pos: -1 }];
  for (const segment of message.segments()) {
    let level = stack.length - 1;
    let index = -1;
    for (; level >= 0; level--) {
      index = findIn(stack[level]!, segment.id);
      if (index !== -1) break;
    }
    if (index === -1) {
      stack[stack.length - 1]!.group.children.push(segment);
      continue;
    }
    stack.length = level + 1;
    let frame = stack[level]!;
    for (;;) {
      frame.pos = index;
      const child = frame.def.children[index]!;
      if (child.kind === 'segment') {
        frame.group.children.push(segment);
        break;
      }
      const group = { name: child.name, children: [] as Array<Hl7Group | Hl7Segment> };
      frame.group.children.push(group);
      frame = { def: child, group, pos: -1 };
      stack.push(frame);
      index = findIn(frame, segment.id);
    }
  }
  return root;
}

/** Every group named `name` below `group`, depth first. */
export function findGroups(group: Hl7Group, name: string): Hl7Group[] {
  const out: Hl7Group[] = [];
  for (const child of group.children) {
    if (child instanceof Hl7Segment) continue;
    if (child.name === name) out.push(child);
    out.push(...findGroups(child, name));
  }
  return out;
}
