/**
 * The message log bench's data: a deterministic stream of ~2 KB HL7 v2 messages with realistic
 * spreads — six connectors of unequal traffic, ten message types (ORU^R01 most), patients drawn
 * from a name list, 2% failing in processing — received evenly over the 30 days before `endAt`.
 */
import { oru20 } from './corpus';

export const CONNECTOR_SHARES = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04] as const;

export const MESSAGE_TYPES: ReadonlyArray<readonly [type: string, share: number]> = [
  ['ORU^R01', 0.4],
  ['ADT^A08', 0.14],
  ['ADT^A04', 0.1],
  ['ORM^O01', 0.09],
  ['ADT^A01', 0.07],
  ['ADT^A03', 0.06],
  ['SIU^S12', 0.05],
  ['MDM^T02', 0.04],
  ['DFT^P03', 0.03],
  ['VXU^V04', 0.02],
];

export const FAILED_SHARE = 0.02;

export const FAMILY_NAMES = [
  'SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MILLER', 'DAVIS', 'RODRIGUEZ', 'MARTINEZ',
  'HERNANDEZ', 'LOPEZ', 'GONZALEZ', 'WILSON', 'ANDERSON', 'THOMAS', 'TAYLOR', 'MOORE', 'JACKSON', 'MARTIN',
  'LEE', 'PEREZ', 'THOMPSON', 'WHITE', 'HARRIS', 'SANCHEZ', 'CLARK', 'RAMIREZ', 'LEWIS', 'ROBINSON',
  'WALKER', 'YOUNG', 'ALLEN', 'KING', 'WRIGHT', 'SCOTT', 'TORRES', 'NGUYEN', 'HILL', 'FLORES',
  'GREEN', 'ADAMS', 'NELSON', 'BAKER', 'HALL', 'RIVERA', 'CAMPBELL', 'MITCHELL', 'CARTER', 'ROBERTS',
] as const;

export const GIVEN_NAMES = [
  'JAMES', 'MARY', 'ROBERT', 'PATRICIA', 'JOHN', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'ELIZABETH',
  'WILLIAM', 'BARBARA', 'RICHARD', 'SUSAN', 'JOSEPH', 'JESSICA', 'THOMAS', 'SARAH', 'CHARLES', 'KAREN',
  'CHRISTOPHER', 'LISA', 'DANIEL', 'NANCY', 'MATTHEW', 'BETTY', 'ANTHONY', 'SANDRA', 'MARK', 'MARGARET',
] as const;

/** Distinct patients; each message is about one of them. */
export const PATIENTS = 100_000;

const DAY_MS = 86_400_000;
export const SPAN_MS = 30 * DAY_MS;

export interface BenchMessage {
  index: number;
  connector: number;
  messageType: string;
  controlId: string;
  receivedAt: number;
  fails: boolean;
  raw: Buffer;
}

/** A small fast PRNG (mulberry32) so every run builds the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(shares: ReadonlyArray<readonly [T, number]>, r: number): T => {
  let acc = 0;
  for (const [value, share] of shares) {
    acc += share;
    if (r < acc) return value;
  }
  return shares[shares.length - 1]![0];
};

export const controlIdOf = (index: number): string => `CTL${String(index).padStart(9, '0')}`;
export const mrnOf = (patient: number): string => `MRN${String(patient).padStart(7, '0')}`;
export const familyOf = (patient: number): string => FAMILY_NAMES[patient % FAMILY_NAMES.length]!;

/** Yields `count` messages in arrival order, the last received at `endAt`. */
export function* benchMessages(count: number, endAt: number): Generator<BenchMessage> {
  const random = seededRandom(20_260_101);
  const template = oru20().split('\r');
  const mshAt = template.findIndex((s) => s.startsWith('MSH|'));
  const pidAt = template.findIndex((s) => s.startsWith('PID|'));
  const msh = template[mshAt]!.split('|');
  const pid = template[pidAt]!.split('|');
  const connectorShares = CONNECTOR_SHARES.map((share, i) => [i, share] as const);
  const step = SPAN_MS / count;
  for (let index = 0; index < count; index++) {
    const connector = pick(connectorShares, random());
    const messageType = pick(MESSAGE_TYPES, random());
    const patient = Math.floor(random() * PATIENTS);
    const receivedAt = Math.round(endAt - SPAN_MS + (index + 1) * step);
    const controlId = controlIdOf(index);
    msh[8] = messageType;
    msh[9] = controlId;
    pid[3] = `${mrnOf(patient)}^^^HOSP^MR`;
    pid[5] = `${familyOf(patient)}^${GIVEN_NAMES[Math.floor(patient / FAMILY_NAMES.length) % GIVEN_NAMES.length]}`;
    template[mshAt] = msh.join('|');
    template[pidAt] = pid.join('|');
    yield { index, connector, messageType, controlId, receivedAt, fails: random() < FAILED_SHARE, raw: Buffer.from(template.join('\r')) };
  }
}
