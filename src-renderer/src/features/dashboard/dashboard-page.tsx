import { SimpleGrid, Text } from '@mantine/core';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { FirstRunOffer } from '../first-run/first-run-offer';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ConnectorTile } from './connector-tile';
import { ListenerHealth } from './listener-health';
import { MetricsCharts } from './metrics-charts';
import { OpenAlerts } from './open-alerts';

/** Change events refresh it at once (connectors, alerts, outbound); counts arrive with each minute's flush, so a poll does too. */
const REFRESH_MS = 10_000;

export function DashboardPage() {
  const dashboard = useApiQuery('monitoring.dashboard', {}, { refetchInterval: REFRESH_MS });
  return (
    <>
      <PageHeader title="Dashboard" description="How the engine and its connectors are doing right now." />
      <FirstRunOffer />
      {dashboard.isPending ? (
        <LoadingState label="Loading the dashboard" />
      ) : dashboard.isError ? (
        <LoadFailed title="The dashboard could not be loaded" message={dashboard.error.message} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          <OpenAlerts dashboard={dashboard.data} />
          <ListenerHealth />
          <section aria-labelledby="connectors-title">
            <Text id="connectors-title" component="h2" size="sm" fw={600} mb="xs">
              Connectors
            </Text>
            {dashboard.data.connectors.length === 0 ? (
              <Text size="sm" c="dimmed" mb="lg" data-testid="dashboard-no-connectors">
                No connectors yet: add one on the Connectors page.
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm" mb="lg">
                {dashboard.data.connectors.map((c) => (
                  <ConnectorTile key={c.id} connector={c} now={Date.parse(dashboard.data.generatedAt)} />
                ))}
              </SimpleGrid>
            )}
          </section>
          <MetricsCharts connectors={dashboard.data.connectors} now={Date.parse(dashboard.data.generatedAt)} />
        </>
      )}
    </>
  );
}
