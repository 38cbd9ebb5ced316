import { ConnectorCategory, type ConnectorDefinition } from '@contract/connector-definitions';
import { Badge, Button, Card, Group, List, Modal, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { authModeLabels, directionLabels, optionsOf, protocolLabels } from './connector-labels';
import { categoryLabels, statisticsLine, syncStrategyLabels } from './template-labels';

const categoryOptions = optionsOf(ConnectorCategory.options, categoryLabels);

/**
 * The connector catalog: one card per shipped template. Choosing one hands it to `onChoose`, which
 * opens the connector form pre-filled; a template the site has not approved asks first.
 */
export function ConnectorCatalog({ onChoose, onClose }: { onChoose: (definition: ConnectorDefinition) => void; onClose: () => void }) {
  const [category, setCategory] = useState<ConnectorCategory | null>(null);
  const [unapproved, setUnapproved] = useState<ConnectorDefinition | null>(null);
  const list = useApiQuery('connectorDefinitions.list', category ? { category } : {});
  const choose = (definition: ConnectorDefinition) => (definition.approved ? onChoose(definition) : setUnapproved(definition));

  return (
    <Modal opened onClose={onClose} title="New connector from a template" size="80rem" data-testid="connector-catalog">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Templates for common partners fill in protocol, authentication, message types, mapping profiles and health checks. Read each template&apos;s limitations before you use it.
          </Text>
          <Select aria-label="Category" placeholder="All categories" data={categoryOptions} value={category} onChange={(v) => setCategory(ConnectorCategory.safeParse(v).data ?? null)} clearable w={220} />
        </Group>
        {list.isPending ? (
          <LoadingState label="Loading templates" />
        ) : list.isError ? (
          <LoadFailed title="Could not load the connector catalog" message={list.error.message} onRetry={() => void list.refetch()} />
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
            {list.data.data.map((definition) => (
              <TemplateCard key={definition.type} definition={definition} onChoose={() => choose(definition)} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      {unapproved && (
        <Modal opened onClose={() => setUnapproved(null)} title="Template not approved" size="sm" centered>
          <Text size="sm" mb="md">
            {unapproved.name} has not been approved for this site. Check its limitations with whoever approves partner connections before you connect it. Use it anyway?
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setUnapproved(null)}>
              Cancel
            </Button>
            <Button
              data-testid="use-unapproved-template"
              onClick={() => {
                const chosen = unapproved;
                setUnapproved(null);
                onChoose(chosen);
              }}
            >
              Use template
            </Button>
          </Group>
        </Modal>
      )}
    </Modal>
  );
}

function TemplateCard({ definition: d, onChoose }: { definition: ConnectorDefinition; onChoose: () => void }) {
  const headingId = `template-${d.type}`;
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby={headingId} data-testid={`template-card-${d.type}`}>
      <Stack gap={6} h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Title order={3} size="h5" id={headingId}>
              {d.name}
            </Title>
            {d.vendor && (
              <Text size="xs" c="dimmed">
                {d.vendor}
              </Text>
            )}
          </div>
          {d.approved ? (
            <Badge color="green" variant="light">
              Approved
            </Badge>
          ) : (
            <Badge color="yellow" variant="light">
              Not approved
            </Badge>
          )}
        </Group>
        <Group gap={4}>
          <Badge variant="outline">{categoryLabels[d.category]}</Badge>
          <Badge variant="outline">{directionLabels[d.direction]}</Badge>
          <Badge variant="outline">{protocolLabels[d.protocol]}</Badge>
          {d.syncStrategies.map((s) => (
            <Badge key={s} variant="default">
              {syncStrategyLabels[s]}
            </Badge>
          ))}
        </Group>
        <Text size="sm">{d.description}</Text>
        <Text size="xs">
          <strong>Authentication:</strong> {d.authTypes.map((a) => authModeLabels[a]).join(', ')}
        </Text>
        {(d.entities.hl7MessageTypes.length > 0 || d.entities.fhirResourceTypes.length > 0) && (
          <Text size="xs">
            <strong>Entities:</strong> {[...d.entities.hl7MessageTypes, ...d.entities.fhirResourceTypes].join(', ')}
          </Text>
        )}
        <Text size="xs" fw={700}>
          Capabilities
        </Text>
        <List size="xs" spacing={2}>
          {d.capabilities.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
        {d.limitations.length > 0 && (
          <>
            <Text size="xs" fw={700}>
              Limitations
            </Text>
            <List size="xs" spacing={2}>
              {d.limitations.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          </>
        )}
        <Group justify="space-between" mt="auto" pt="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" data-testid={`template-stats-${d.type}`}>
            {statisticsLine(d.statistics)}
          </Text>
          <Button size="xs" onClick={onChoose} aria-label={`Use template ${d.name}`}>
            Use template
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
