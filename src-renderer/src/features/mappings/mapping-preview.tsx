import type { ApiOutput } from '../../api/client';
import type { ApiError } from '../../api/client';
import { TIME_ZONE_MESSAGE, isTimeZone } from '@contract/time-zone';
import { TimeZoneInput } from '../../components/time-zone-input';
import { Alert, Group, Loader, Paper, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { FhirJsonView } from '../fhir/fhir-json-view';
import { CoverageList } from './coverage-list';
import type { PreviewSource } from './preview-source';
import { PreviewSourceInput } from './preview-source-input';
import { RuleErrorsList } from './rule-errors-list';

interface MappingPreviewProps {
  source: PreviewSource;
  onSourceChange: (source: PreviewSource) => void;
  timeZone: string;
  onTimeZoneChange: (timeZone: string) => void;
  result: ApiOutput<'convert.hl7ToFhir'> | undefined;
  error: ApiError | null;
  busy: boolean;
  idle: boolean;
}

/** The draft run over a message: the Bundle it would commit, what it left unmapped and which rules failed. */
export function MappingPreview({ source, onSourceChange, timeZone, onTimeZoneChange, result, error, busy, idle }: MappingPreviewProps) {
  return (
    <Paper withBorder p="sm" data-testid="mapping-preview" data-busy={busy || undefined}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Preview
          </Title>
          {busy && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <PreviewSourceInput source={source} onChange={onSourceChange} />
        <TimeZoneInput
          label="Sender's time zone"
          description="For times sent without a UTC offset. Blank: the stored message's connector's zone, else the engine host's."
          value={timeZone}
          onChange={onTimeZoneChange}
          error={timeZone.trim() !== '' && !isTimeZone(timeZone.trim()) ? `Time zone ${TIME_ZONE_MESSAGE}` : undefined}
          data-testid="preview-time-zone"
        />
        {idle ? (
          <Text size="sm" c="dimmed">
            Paste a message or pick a stored one to see what this draft makes of it. Nothing is stored.
          </Text>
        ) : error ? (
          <Alert color="red" variant="light" title={error.status === 422 && Object.keys(error.fieldErrors).length > 0 ? 'The draft cannot run' : 'No preview'} data-testid="preview-error">
            {error.message}
          </Alert>
        ) : null}
        {result && !idle && (
          <>
            <Text size="xs" c="dimmed">
              {result.bundle.entry instanceof Array ? result.bundle.entry.length : 0} resources
            </Text>
            <ScrollArea.Autosize mah="42dvh" type="auto">
              <FhirJsonView value={result.bundle} label="Preview Bundle" />
            </ScrollArea.Autosize>
            <SimpleGrid cols={2} spacing="sm">
              <Stack gap={4}>
                <Title order={3} size="h6">
                  Coverage
                </Title>
                <CoverageList unmapped={result.unmapped} />
              </Stack>
              <Stack gap={4}>
                <Title order={3} size="h6">
                  Rule errors
                </Title>
                <RuleErrorsList errors={result.errors} />
              </Stack>
            </SimpleGrid>
          </>
        )}
      </Stack>
    </Paper>
  );
}
