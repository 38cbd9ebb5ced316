import { Box, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

const HEIGHT = 180;

/**
 * A uPlot line chart over time (x in epoch seconds). uPlot draws on a canvas, so the chart is one image
 * named by `summary` for screen readers; its legend is ours (uPlot's is off) so the page's markup stays plain.
 */
export function UplotChart({ title, x, series, summary, unit }: { title: string; x: number[]; series: ChartSeries[]; summary: string; unit: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: uPlot.AlignedData = [x, ...series.map((s) => s.values)];
  const shape = series.map((s) => `${s.label}:${s.color}`).join('|');

  useEffect(() => {
    const el = holder.current;
    if (!el) return undefined;
    const chart = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{}, { label: unit, size: 56 }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: false, points: { show: true, size: 4 } }))],
      },
      [[], ...series.map(() => [])],
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change shape; new points go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, unit]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <Box component="figure" m={0} aria-labelledby={`chart-${title}`}>
      <Group justify="space-between" mb={4}>
        <Text id={`chart-${title}`} component="figcaption" size="sm" fw={600}>
          {title}
        </Text>
        <Group gap="sm" aria-hidden>
          {series.map((s) => (
            <Group key={s.label} gap={4}>
              <Box w={10} h={3} bg={s.color} />
              <Text size="xs">{s.label}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <div ref={holder} role="img" aria-label={summary} data-testid="metrics-chart" />
    </Box>
  );
}
