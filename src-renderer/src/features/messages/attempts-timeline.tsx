import type { Hl7Attempt } from '@contract/messages';
import { Badge, Group, List, Stack, Text, Timeline } from '@mantine/core';
import { formatDuration, formatTimestamp } from '../../components/time-format';
import { mappingLabel, unmappedLabel } from './message-format';

const attemptColors: Record<string, string> = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red', interrupted: 'orange' };

/** Every processing attempt, oldest first: what started it, who, how it ended. */
export function AttemptsTimeline({ attempts, rejectedOnArrival }: { attempts: readonly Hl7Attempt[]; rejectedOnArrival: boolean }) {
  if (attempts.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="attempts-none">
        {rejectedOnArrival
          ? 'No processing attempts: the message was refused when it arrived, so it is not processed. The sender was told so and resends a corrected message.'
          : 'No processing attempts yet: the message is waiting for the processing worker.'}
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={attempts.length - 1} p="xs" data-testid="attempts">
      {attempts.map((attempt) => {
        const color = attemptColors[attempt.status] ?? 'gray';
        const duration = formatDuration(attempt.startedAt, attempt.finishedAt);
        return (
          <Timeline.Item
            key={attempt.id}
            color={color}
            data-testid="attempt"
            data-status={attempt.status}
            title={
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  Attempt {attempt.attemptNumber}
                </Text>
                <Badge size="xs" variant="light" color={color}>
                  {attempt.status}
                </Badge>
                <Text size="xs" c="dimmed">
                  {attempt.trigger}
                  {attempt.actor ? ` · by ${attempt.actor}` : ''}
                </Text>
              </Group>
            }
          >
            <Text size="xs" c="dimmed" ff="monospace">
              {formatTimestamp(attempt.startedAt)} → {attempt.finishedAt ? formatTimestamp(attempt.finishedAt) : 'not finished'}
              {duration && ` (${duration})`}
            </Text>
            {(attempt.errorCode || attempt.errorMessage) && (
              <Text size="xs" c="red.8" mt={2}>
                {attempt.errorCode && <b>{attempt.errorCode}</b>} {attempt.errorMessage}
              </Text>
            )}
            <AttemptMapping attempt={attempt} />
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** Which profile ran, the rules that could not do their work, and the data no rule read. */
function AttemptMapping({ attempt }: { attempt: Hl7Attempt }) {
  const label = mappingLabel(attempt);
  if (!label) return null;
  return (
    <Stack gap={2} mt={4} data-testid="attempt-mapping">
      <Text size="xs" c={attempt.mapping === 'no_profile' ? 'dimmed' : undefined} data-testid="attempt-profile">
        {label}
      </Text>
      {attempt.ruleErrors.length > 0 && (
        <List size="xs" c="orange.9" data-testid="attempt-rule-errors" aria-label="Rule errors">
          {attempt.ruleErrors.map((e) => (
            <List.Item key={`${e.ruleId}/${e.code}/${e.source}`}>
              <b>{e.code}</b> rule {e.ruleId} ({e.source} → {e.target}): {e.message}
            </List.Item>
          ))}
        </List>
      )}
      {attempt.unmapped.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="attempt-unmapped">
          Not mapped: <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{attempt.unmapped.map(unmappedLabel).join(', ')}</span>
        </Text>
      )}
    </Stack>
  );
}
