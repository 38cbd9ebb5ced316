import { monotonicFactory } from 'ulid';

export const IdPrefix = {
  tenant: 'TEN',
  externalSystem: 'EXT',
  connector: 'CONN',
  hl7Message: 'MSG',
  hl7Attempt: 'ATT',
  hl7ResourceLink: 'LNK',
  hl7MappingProfile: 'HMP',
  fhirMappingProfile: 'FMP',
  routingRule: 'RR',
  fhirBundle: 'BNDL',
  job: 'JOB',
  run: 'RUN',
  runLog: 'LOG',
  importBatch: 'IMP',
  exportBatch: 'EXP',
  bulkExport: 'BEX',
  subscription: 'SUB',
  delivery: 'DLV',
  apiClient: 'CLI',
  apiCredential: 'CRED',
  interfaceError: 'IERR',
  healthCheck: 'HC',
  alert: 'ALRT',
  outboxEvent: 'EVT',
  audit: 'AUD',
} as const;
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix];

export type IdGenerator = (prefix: IdPrefix) => string;

export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  const next = monotonicFactory();
  return (prefix) => `${prefix}_${next(now())}`;
}
