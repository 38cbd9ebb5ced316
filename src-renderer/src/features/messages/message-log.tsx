import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useErrorNotification } from '../../components/use-error-notification';
import { WindowedRows, type RenderedRange, type WindowedRowsHandle } from '../../components/windowed-rows';
import { arrivedAbove, LOADING_ROWS } from './log-pages';
import type { MessageFilters } from './message-filters';
import { LOG_MIN_WIDTH, LOG_ROW_HEIGHT, LogHeader, MessageRow, PlaceholderRow } from './message-log-row';
import { useMessagePages } from './use-message-pages';

interface MessageLogProps {
  filters: MessageFilters;
  filtered: boolean;
  connectorNames: ReadonlyMap<string, string>;
  selectedId: string | undefined;
  onOpen: (id: string) => void;
  onClearFilters: () => void;
  /** Shown beside the count, e.g. bulk actions on what the log lists. */
  actions: ReactNode;
}

const sameRange = (a: RenderedRange, b: RenderedRange): boolean => a.start === b.start && a.end === b.end && a.atTop === b.atTop;
const numberFormat = new Intl.NumberFormat();

/** The message log: newest first, rows rendered as they scroll into view, pages fetched as they are needed. */
export function MessageLog({ filters, filtered, connectorNames, selectedId, onOpen, onClearFilters, actions }: MessageLogProps) {
  const list = useRef<WindowedRowsHandle>(null);
  const [range, setRange] = useState<RenderedRange>({ start: 0, end: 0, atTop: true });
  const onRangeChange = useCallback((next: RenderedRange) => setRange((current) => (sameRange(current, next) ? current : next)), []);
  const log = useMessagePages(filters, range.end);
  const { total, rows } = log;
  useErrorNotification('messages-log-error', 'Could not load messages', log.error);

  // While the user reads further down, arrivals are counted rather than pushed into view.
  const [arrived, setArrived] = useState(0);
  if (range.atTop && arrived !== 0) setArrived(0);
  const topId = rows[0]?.id;
  const previousTop = useRef(topId);
  useLayoutEffect(() => {
    if (previousTop.current === topId) return;
    const above = arrivedAbove(previousTop.current, rows.map((row) => row.id));
    previousTop.current = topId;
    if (above === 0) return;
    // Newest first: arrivals are inserted above, so the rows being read move down unless the scroll follows.
    list.current?.keepInPlace(above);
    if (!range.atTop) setArrived((n) => n + above);
  }, [topId, rows, range.atTop]);

  if (total === undefined) {
    return log.error ? (
      <Alert color="red" variant="light" title="Could not load messages" m="md">
        <Text size="sm" mb="xs">
          {log.error.message}
        </Text>
        <Button size="xs" variant="default" onClick={log.refetch}>
          Try again
        </Button>
      </Alert>
    ) : (
      <Center p="xl">
        <Loader size="sm" aria-label="Loading messages" />
      </Center>
    );
  }
  if (total === 0) return <EmptyLog filtered={filtered} onClearFilters={onClearFilters} />;

  return (
    <>
      <Group justify="space-between" px="sm" py={6} wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} data-testid="messages-total" data-total={total} data-total-at-least={log.totalAtLeast || undefined}>
            {numberFormat.format(total)}
            {log.totalAtLeast ? '+' : ''} {total === 1 && !log.totalAtLeast ? 'message' : 'messages'}
          </Text>
          {arrived > 0 && (
            <Button size="compact-xs" radius="xl" variant="filled" onClick={() => list.current?.scrollToTop()} data-testid="messages-arrived">
              ↑ {numberFormat.format(arrived)} new
            </Button>
          )}
          {filtered && (
            <Button size="compact-xs" variant="subtle" onClick={onClearFilters}>
              Clear filters
            </Button>
          )}
          {log.isFetching && <Loader size={12} aria-label="Refreshing" />}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {actions}
        </Group>
      </Group>
      <WindowedRows
        ref={list}
        role="table"
        aria-label="Messages"
        aria-rowcount={log.totalAtLeast ? -1 : total + 1}
        data-testid="messages-log"
        count={rows.length + (log.hasMore ? LOADING_ROWS : 0)}
        rowHeight={LOG_ROW_HEIGHT}
        header={<LogHeader />}
        headerHeight={LOG_ROW_HEIGHT}
        minWidth={LOG_MIN_WIDTH}
        onRangeChange={onRangeChange}
        style={{ flex: 1, minHeight: 0 }}
        renderRow={(index, style) => {
          const message = rows[index];
          if (!message) return <PlaceholderRow key={`placeholder-${index}`} index={index} style={style} />;
          return (
            <MessageRow
              key={message.id}
              message={message}
              index={index}
              style={style}
              connectorName={connectorNames.get(message.connectorId) ?? message.connectorId}
              selected={message.id === selectedId}
              onOpen={onOpen}
            />
          );
        }}
      />
    </>
  );
}

function EmptyLog({ filtered, onClearFilters }: { filtered: boolean; onClearFilters: () => void }) {
  return (
    <Stack align="center" gap={6} p="xl" data-testid="messages-empty">
      {filtered ? (
        <>
          <Text size="sm" c="dimmed">
            No messages match these filters.
          </Text>
          <Button size="xs" variant="default" onClick={onClearFilters}>
            Clear filters
          </Button>
        </>
      ) : (
        <>
          <Text size="sm" fw={600}>
            No messages yet
          </Text>
          <Text size="sm" c="dimmed" ta="center" maw={480}>
            Messages appear here as soon as an active inbound connector receives them. Activate an MLLP listener and point the sending system at its
            port.
          </Text>
          <Button component={Link} to="/connectors" size="xs" variant="light" mt={4}>
            Go to Connectors
          </Button>
        </>
      )}
    </Stack>
  );
}
