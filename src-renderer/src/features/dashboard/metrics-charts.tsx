import type { ConnectorDashboard, MetricsPoint } from '@contract/monitoring';
import { Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { rangeInput, type ChartRange } from './dashboard-format';
import { UplotChart } from './uplot-chart';

const REFRESH_MS = 10_000;
const total = (points: readonly MetricsPoint[], field: 'received' | 'processed' | 'failed'): number => points.reduce((n, p) => n + p[field], 0);
const peak = (values: readonly (number | null)[]): string => {
  const seen = values.filter((v): v is number => v !== null);
  return seen.length === 0 ? 'none' : `${Math.max(...seen)} ms`;
};

/** Rates and ACK latency over the last hour, day or week, for every connector or one. */
export function MetricsCharts({ connectors, now }: { connectors: readonly ConnectorDashboard[]; now: number }) {
  const [range, setRange] = useState<ChartRange>('hour');
  const [connectorId, setConnectorId] = useState('');
  const metrics = useApiQuery('monitoring.metrics', { ...rangeInput(range, now), ...(connectorId ? { connectorId } : {}) }, { refetchInterval: REFRESH_MS });
  const points = metrics.data?.points ?? [];
  const x = points.map((p) => Date.parse(p.at) / 1000);
  const per = metrics.data?.step ?? 'minute';
  return (
    <Paper component="section" withBorder p="md" mb="lg" aria-labelledby="charts-title">
      <Group justify="space-between" mb="sm">
        <Text id="charts-title" component="h2" size="sm" fw={600}>
          Throughput and ACK latency
        </Text>
        <Group gap="sm">
          <NativeSelect
            aria-label="Connector charted"
            size="xs"
            value={connectorId}
            onChange={(e) => setConnectorId(e.currentTarget.value)}
            data={[{ value: '', label: 'All connectors' }, ...connectors.map((c) => ({ value: c.id, label: c.name }))]}
          />
          <SegmentedControl
            aria-label="Chart range"
            size="xs"
            value={range}
            onChange={(v) => setRange(v as ChartRange)}
            data={[
              { value: 'hour', label: 'Last hour' },
              { value: 'day', label: 'Last day' },
              { value: 'week', label: 'Last week' },
            ]}
          />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <UplotChart
          title={`Messages per ${per}`}
          unit="messages"
          x={x}
          series={[
            { label: 'Received', color: '#364fc7', values: points.map((p) => p.received) },
            { label: 'Processed', color: '#2b8a3e', values: points.map((p) => p.processed) },
            { label: 'Failed', color: '#c92a2a', values: points.map((p) => p.failed) },
          ]}
          summary={`Received ${total(points, 'received')}, processed ${total(points, 'processed')}, failed ${total(points, 'failed')} in the range`}
        />
        <UplotChart
          title={`ACK latency per ${per}`}
          unit="ms"
          x={x}
          series={[
            { label: 'p50', color: '#364fc7', values: points.map((p) => p.ackP50Ms) },
            { label: 'p99', color: '#e8590c', values: points.map((p) => p.ackP99Ms) },
          ]}
          summary={`ACK latency p99 peaked at ${peak(points.map((p) => p.ackP99Ms))} in the range`}
        />
      </SimpleGrid>
    </Paper>
  );
}
