/** A small line of the last hour's messages per minute; its name says what it shows in words. */
export function Sparkline({ values, label, width = 160, height = 28 }: { values: readonly number[]; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-testid="tile-sparkline">
      <polyline points={points} fill="none" stroke="var(--mantine-color-indigo-7)" strokeWidth={1.5} />
    </svg>
  );
}
