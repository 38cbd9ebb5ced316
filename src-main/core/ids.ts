import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** ULID randomness from a pooled CSPRNG buffer: ulid's default asks the OS once per character. */
export function pooledRandom(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return (pool[poolAt++] as number) / 256;
}

export const IdPrefix = {
  tenant: 'TEN',
  externalSystem: 'EXT',
  connector: 'CONN',
  hl7Message: 'MSG',
  hl7Attempt: 'ATT',
  hl7ResourceLink: 'LNK',
  hl7MappingProfile: 'HMP',
  hl7MappingProfileVersion: 'HMPV',
  fhirMappingProfile: 'FMP',
  fhirMappingProfileVersion: 'FMPV',
  routingRule: 'RR',
  outboundRoute: 'ORT',
  outboundItem: 'OBI',
  outboundAttempt: 'OBA',
  fhirBundle: 'BNDL',
  job: 'JOB',
  run: 'RUN',
  runLog: 'LOG',
  runError: 'RERR',
  importBatch: 'IMP',
  exportBatch: 'EXP',
  bulkExport: 'BEX',
  bulkImport: 'BIM',
  subscription: 'SUB',
  delivery: 'DLV',
  deliveryAttempt: 'DATT',
  apiClient: 'CLI',
  apiCredential: 'CRED',
  operator: 'OPR',
  interfaceError: 'IERR',
  healthCheck: 'HC',
  alert: 'ALRT',
  outboxEvent: 'EVT',
  audit: 'AUD',
  syncConflict: 'SCF',
} as const;
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix];

export type IdGenerator = (prefix: IdPrefix) => string;

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  const next = monotonicFactory(pooledRandom);
  return (prefix) => `${prefix}_${next(now())}`;
}
