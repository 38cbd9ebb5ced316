import type { Hl7MappingProfileContent } from '@contract/mapping-profiles';
import { isTimeZone } from '@contract/time-zone';
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
 * `timeZone` (the sender's, for times without an offset) is sent once it names a zone; blank or not
 * yet one, the engine chooses (the stored message's connector's zone, else the engine host's).
 */
export function useDraftPreview(draft: Hl7MappingProfileContent, source: PreviewSource, timeZone = '') {
  const input = useMemo<ApiInput<'convert.hl7ToFhir'> | null>(() => {
    const name = timeZone.trim();
    const zone = name !== '' && isTimeZone(name) ? { timeZone: name } : {};
    if (source.kind === 'text') return source.text.trim() === '' ? null : { message: source.text, profile: draft, ...zone };
    return source.messageId ? { messageId: source.messageId, profile: draft, ...zone } : null;
  }, [draft, source, timeZone]);
  const [debounced] = useDebouncedValue(input, PREVIEW_DELAY_MS);
  const query = useApiQuery('convert.hl7ToFhir', debounced ?? { message: '' }, { enabled: debounced !== null, placeholderData: keepPreviousData, retry: false, staleTime: Infinity });
  return { query, idle: debounced === null, settling: input !== debounced };
}
