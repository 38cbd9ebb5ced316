import type { Hl7MappingProfileContent } from '@contract/mapping-profiles';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiInput } from '../../api/client';
import { useApiQuery } from '../../api/query-hooks';
import type { PreviewSource } from './preview-source';

const PREVIEW_DELAY_MS = 400;

/**
 * The draft profile run over the preview's message by the engine (convert.hl7ToFhir, which stores
 * nothing), a moment after the last edit; the previous answer stays on screen while the next loads.
 */
export function useDraftPreview(draft: Hl7MappingProfileContent, source: PreviewSource) {
  const input = useMemo<ApiInput<'convert.hl7ToFhir'> | null>(() => {
    if (source.kind === 'text') return source.text.trim() === '' ? null : { message: source.text, profile: draft };
    return source.messageId ? { messageId: source.messageId, profile: draft } : null;
  }, [draft, source]);
  const [debounced] = useDebouncedValue(input, PREVIEW_DELAY_MS);
  const query = useApiQuery('convert.hl7ToFhir', debounced ?? { message: '' }, { enabled: debounced !== null, placeholderData: keepPreviousData, retry: false, staleTime: Infinity });
  return { query, idle: debounced === null, settling: input !== debounced };
}
