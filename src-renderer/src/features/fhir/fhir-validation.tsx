import { Alert, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { useApiMutation } from '../../api/query-hooks';
import { problemsOf } from './fhir-outcome';
import type { FhirJson } from './fhir-summary';
import { showFhirError } from './use-fhir-error-notification';

const severityColor: Record<string, string> = { fatal: 'red', error: 'red', warning: 'orange', information: 'blue' };

/** Sends the resource to fhir.validate and shows what the engine found. */
export function FhirValidation({ type, resource }: { type: string; resource: FhirJson }) {
  const validate = useApiMutation('fhir.validate');
  const run = () => validate.mutate({ resourceType: type, resource }, { onError: (error) => showFhirError('Validation failed', error) });
  const outcome = validate.data as OperationOutcome | undefined;
  const problems = outcome ? problemsOf(outcome) : [];

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button size="xs" variant="default" onClick={run} loading={validate.isPending} data-testid="fhir-validate">
          Validate
        </Button>
        <Text size="xs" c="dimmed">
          Checks the resource against the base R4 definitions.
        </Text>
      </Group>
      {outcome &&
        (problems.length === 0 ? (
          <Alert color="green" variant="light" p="xs" data-testid="fhir-validation" data-issues="0">
            <Text size="sm" fw={600}>
              No issues
            </Text>
          </Alert>
        ) : (
          <Alert color={problems.some((p) => p.severity === 'error' || p.severity === 'fatal') ? 'red' : 'orange'} variant="light" p="xs" data-testid="fhir-validation" data-issues={problems.length}>
            <Text size="sm" fw={600} mb={4}>
              {problems.length} {problems.length === 1 ? 'issue' : 'issues'}
            </Text>
            <List size="sm" spacing={4} listStyleType="none">
              {problems.map((issue, index) => (
                <List.Item key={index} data-testid="fhir-validation-issue">
                  <Group gap={6} wrap="nowrap" align="baseline">
                    <Badge size="xs" variant="filled" color={severityColor[issue.severity] ?? 'gray'} style={{ flex: 'none' }}>
                      {issue.severity}
                    </Badge>
                    {issue.paths.length > 0 && (
                      <Text span size="sm" ff="monospace" fw={600}>
                        {issue.paths.join(', ')}
                      </Text>
                    )}
                    <Text span size="sm">
                      {issue.text}
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          </Alert>
        ))}
    </Stack>
  );
}
