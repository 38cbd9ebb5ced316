import { Anchor, Center, Paper, Stack, Tabs, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { DestinationsTable } from './destinations-table';
import { OutboundItems } from './outbound-items';
import { SubscriptionsPanel } from './subscriptions-panel';
import { destinationKey } from './outbound-format';
import { useUrlParams } from '../../components/use-url-params';

/** `/outbound`: what waits for each destination and why (Destinations), and the webhook subscriptions (Subscriptions). */
export function OutboundPage() {
  // Tab and selection live in the URL so a reload or a shared link shows the same view.
  const [params, setParam] = useUrlParams();
  const tab = params.get('tab') === 'subscriptions' ? 'subscriptions' : 'destinations';

  return (
    <>
      <PageHeader title="Outbound" description="Store-and-forward delivery to outbound connectors, and webhook subscriptions to the engine's events." />
      <Tabs value={tab} onChange={(value) => setParam('tab', value === 'subscriptions' ? value : null)} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="destinations">Destinations</Tabs.Tab>
          <Tabs.Tab value="subscriptions">Subscriptions</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="destinations">
          <Destinations selectedId={params.get('destination')} onSelect={(id) => setParam('destination', id)} />
        </Tabs.Panel>
        <Tabs.Panel value="subscriptions">
          <SubscriptionsPanel selectedId={params.get('subscription')} onSelect={(id) => setParam('subscription', id)} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function Destinations({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string | null) => void }) {
  const lanes = useApiQuery('outbound.lanes', {});
  if (lanes.isPending) return <LoadingState label="Loading destinations" />;
  if (lanes.isError) return <LoadFailed title="Could not load destinations" message={lanes.error.message} onRetry={() => void lanes.refetch()} />;
  const destinations = lanes.data.data;
  const selected = destinations.find((d) => destinationKey(d) === selectedId) ?? null;
  return (
    <Stack gap={0}>
      <Paper withBorder>
        {destinations.length === 0 ? (
          <Center p="xl" data-testid="destinations-empty">
            <Text size="sm" c="dimmed">
              No outbound connectors — create one on the{' '}
              <Anchor component={Link} to="/connectors" size="sm" underline="always">
                Connectors page
              </Anchor>
              , then add a route to it from an inbound connector.
            </Text>
          </Center>
        ) : (
          <DestinationsTable destinations={destinations} selectedId={selected ? destinationKey(selected) : null} onSelect={(id) => onSelect(id === selectedId ? null : id)} />
        )}
      </Paper>
      {selected && <OutboundItems key={destinationKey(selected)} destination={selected} />}
    </Stack>
  );
}
