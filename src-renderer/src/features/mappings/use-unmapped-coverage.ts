import type { ApiInput } from '../../api/client';
import { useApiQuery } from '../../api/query-hooks';

/** The unmapped coverage aggregate, with connector names to show beside it. */
export function useUnmappedCoverage(input: ApiInput<'hl7MappingProfiles.coverage'>) {
  const coverage = useApiQuery('hl7MappingProfiles.coverage', input);
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const connectorNames = new Map((connectors.data?.data ?? []).map((c) => [c.id, c.name]));
  return { coverage, connectors: connectors.data?.data ?? [], connectorNames };
}
