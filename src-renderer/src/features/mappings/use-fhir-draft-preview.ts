import type { FhirMappingProfileContent } from '@contract/fhir-mapping-profiles';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiInput } from '../../api/client';
import { useApiQuery } from '../../api/query-hooks';
import { resourceFromText, storedIdOf, type FhirPreviewSource } from './fhir-preview-source';

const PREVIEW_DELAY_MS = 400;

/**
 * The draft FHIR → v2 profile run over the preview's resource by the engine (convert.fhirToHl7, which
 * stores nothing), a moment after the last edit; the previous message stays on screen while the next loads.
 */
export function useFhirDraftPreview(draft: FhirMappingProfileContent, source: FhirPreviewSource) {
  const { resourceType } = draft;
  const storedId = source.kind === 'stored' ? storedIdOf(source.id, resourceType) : undefined;
  const stored = useApiQuery('fhir.read', { resourceType, id: storedId ?? '' }, { enabled: storedId !== undefined, retry: false });
  const pasted = source.kind === 'json' ? resourceFromText(source.text, resourceType) : undefined;
  const resource = source.kind === 'json' ? (pasted?.ok ? pasted.resource : undefined) : storedId !== undefined ? stored.data : undefined;
  const input = useMemo<ApiInput<'convert.fhirToHl7'> | null>(() => (resource ? { resource, profile: draft } : null), [resource, draft]);
  const [debounced] = useDebouncedValue(input, PREVIEW_DELAY_MS);
  const query = useApiQuery('convert.fhirToHl7', debounced ?? { resource: {} }, { enabled: debounced !== null, placeholderData: keepPreviousData, retry: false, staleTime: Infinity });
  const sourceProblem = pasted && !pasted.ok ? pasted.message : source.kind === 'stored' && stored.isError ? stored.error.message : undefined;
  return { query, idle: debounced === null, settling: input !== debounced, sourceProblem };
}
