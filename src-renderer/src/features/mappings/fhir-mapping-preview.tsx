import { Alert, Group, Loader, Paper, SegmentedControl, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { ApiError, ApiOutput } from '../../api/client';
import { RawMessageView } from '../messages/raw-message-view';
import type { FhirPreviewSource } from './fhir-preview-source';
import { MONOSPACE_INPUT } from '../../components/monospace-input';
import { RuleErrorsList } from './rule-errors-list';

interface FhirMappingPreviewProps {
  resourceType: string;
  source: FhirPreviewSource;
  onSourceChange: (source: FhirPreviewSource) => void;
  result: ApiOutput<'convert.fhirToHl7'> | undefined;
  error: ApiError | null;
  sourceProblem: string | undefined;
  busy: boolean;
  idle: boolean;
}

/** The draft run over a FHIR resource: the HL7 v2 message it would send and which rules failed. */
export function FhirMappingPreview({ resourceType, source, onSourceChange, result, error, sourceProblem, busy, idle }: FhirMappingPreviewProps) {
  return (
    <Paper withBorder p="sm" data-testid="fhir-mapping-preview" data-busy={busy || undefined}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Preview
          </Title>
          {busy && <Loader size="xs" aria-label="Updating the preview" />}
        </Group>
        <SegmentedControl
          size="xs"
          aria-label="Preview resource from"
          data={[
            { value: 'json', label: 'Paste a resource' },
            { value: 'stored', label: 'Stored resource' },
          ]}
          value={source.kind}
          onChange={(kind) => onSourceChange(kind === 'json' ? { kind: 'json', text: '' } : { kind: 'stored', id: '' })}
        />
        {source.kind === 'json' ? (
          <Textarea
            label={`${resourceType} JSON`}
            placeholder={`{ "resourceType": "${resourceType}", … }`}
            autosize
            minRows={3}
            maxRows={8}
            styles={MONOSPACE_INPUT}
            spellCheck={false}
            value={source.text}
            onChange={(e) => onSourceChange({ kind: 'json', text: e.currentTarget.value })}
            data-testid="preview-resource"
          />
        ) : (
          <TextInput
            label={`${resourceType} id in the FHIR store`}
            description={`As the FHIR browser shows it: ${resourceType}/id or the id alone`}
            styles={MONOSPACE_INPUT}
            value={source.id}
            onChange={(e) => onSourceChange({ kind: 'stored', id: e.currentTarget.value })}
            data-testid="preview-resource-id"
          />
        )}
        {sourceProblem ? (
          <Alert color="orange" variant="light" title="No resource to convert" data-testid="preview-source-problem">
            {sourceProblem}
          </Alert>
        ) : idle ? (
          <Text size="sm" c="dimmed">
            Paste a {resourceType} or name a stored one to see the message this draft makes of it. Nothing is stored or sent.
          </Text>
        ) : error ? (
          <Alert color="red" variant="light" title={error.status === 422 && Object.keys(error.fieldErrors).length > 0 ? 'The draft cannot run' : 'No preview'} data-testid="preview-error">
            {error.message}
          </Alert>
        ) : null}
        {result && !idle && !sourceProblem && (
          <>
            <RawMessageView text={result.message} label="Preview HL7 v2 message" />
            <Stack gap={4}>
              <Title order={3} size="h6">
                Rule errors
              </Title>
              <RuleErrorsList errors={result.errors} />
            </Stack>
          </>
        )}
      </Stack>
    </Paper>
  );
}
