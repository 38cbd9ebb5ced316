import type { Hl7SegmentView, SegmentsView } from '@contract/messages';
import type { z } from 'zod';
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { useErrorNotification } from '../../components/use-error-notification';
import classes from './segment-tree.module.css';

type Field = Hl7SegmentView['fields'][number];

const fieldKey = (segment: Hl7SegmentView, field: Field): string => `${segment.index}:${field.position}`;
/** A field opens when it has more inside than its one-line value shows. */
const expandable = (field: Field): boolean => field.repetitions.length > 1 || field.repetitions.some((rep) => rep.components.length > 0);

/** The Fields tab of a stored message: segment → field (`PID-5 Patient Name`) → repetitions → components, named by the message's HL7 version. */
export function SegmentTree({ messageId }: { messageId: string }) {
  const view = useApiQuery('hl7Messages.segments', { id: messageId });
  useErrorNotification('message-segments-error', 'Could not read the message’s fields', view.error);
  if (view.isPending) return <Center p="md"><Loader size="sm" aria-label="Loading fields" /></Center>;
  if (view.isError) return <Alert color="red" variant="light" title="Could not read the message’s fields">{view.error.message}</Alert>;
  return <SegmentTreeView view={view.data} />;
}

/** The field-by-field tree of a message's SegmentsView, stored (the message log) or not (the inspector). */
export function SegmentTreeView({ view }: { view: z.infer<typeof SegmentsView> }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const { segments, parseError, version } = view;
  if (parseError) {
    return (
      <Alert color="orange" variant="light" title="This message could not be parsed">
        {parseError.code}: {parseError.message}. The Raw tab shows it exactly as received.
      </Alert>
    );
  }

  const toggle = <T,>(set: ReadonlySet<T>, item: T): Set<T> => {
    const next = new Set(set);
    if (!next.delete(item)) next.add(item);
    return next;
  };
  const expandAll = () => {
    setCollapsed(new Set());
    setExpanded(new Set(segments.flatMap((segment) => segment.fields.filter(expandable).map((field) => fieldKey(segment, field)))));
  };

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="xs" c="dimmed">
          {segments.length} segments{version ? ` · HL7 v${version} names` : ''} · empty fields are left out
        </Text>
        <Group gap={4}>
          <Button size="compact-xs" variant="subtle" onClick={expandAll}>
            Expand all
          </Button>
          <Button size="compact-xs" variant="subtle" onClick={() => setExpanded(new Set())}>
            Collapse all
          </Button>
        </Group>
      </Group>
      <div className={classes.tree} data-testid="segment-tree">
        {segments.map((segment) => {
          const open = !collapsed.has(segment.index);
          return (
            <div key={segment.index} className={classes.segment} data-testid="segment" data-segment={segment.id}>
              <button type="button" className={classes.segmentHeader} aria-expanded={open} onClick={() => setCollapsed((set) => toggle(set, segment.index))}>
                <span className={classes.toggle} aria-hidden>
                  {open ? '▼' : '▶'}
                </span>
                <Text span fw={700} ff="monospace" size="sm" c="indigo.8">
                  {segment.id}
                </Text>
                <Text span size="sm">
                  {segment.name ?? 'Unknown segment'}
                </Text>
                <Text span size="xs" c="dimmed">
                  {segment.fields.length} {segment.fields.length === 1 ? 'field' : 'fields'}
                </Text>
              </button>
              {open &&
                segment.fields.map((field) => (
                  <FieldRows key={field.position} field={field} open={expanded.has(fieldKey(segment, field))} onToggle={() => setExpanded((set) => toggle(set, fieldKey(segment, field)))} />
                ))}
            </div>
          );
        })}
      </div>
    </>
  );
}

function FieldRows({ field, open, onToggle }: { field: Field; open: boolean; onToggle: () => void }) {
  const single = field.repetitions.length === 1 ? field.repetitions[0] : undefined;
  const decoded = single && single.value !== field.raw ? single.value : null;
  return (
    <>
      <Row
        testId="field-row"
        path={field.label}
        name={field.name}
        datatype={field.datatype}
        toggle={expandable(field) ? { open, onToggle } : undefined}
        value={
          <>
            {field.raw}
            {decoded !== null && <span className={classes.decoded} title="Decoded value">→ {decoded}</span>}
          </>
        }
      />
      {open &&
        field.repetitions.map((repetition, r) => {
          const repetitionPath = field.repetitions.length > 1 ? `${field.label}[${r + 1}]` : field.label;
          return (
            <div key={r}>
              {field.repetitions.length > 1 && <Row testId="repetition-row" path={`[${r + 1}]`} name="Repetition" depth={1} value={repetition.value} />}
              {repetition.components.map((component) => (
                <div key={component.position}>
                  <Row testId="component-row" path={`${repetitionPath}.${component.position}`} name={component.name} depth={1} value={component.value} />
                  {component.subcomponents.map((sub, s) => (
                    <Row key={s} testId="subcomponent-row" path={`${repetitionPath}.${component.position}.${s + 1}`} name={null} depth={2} value={sub} />
                  ))}
                </div>
              ))}
            </div>
          );
        })}
    </>
  );
}

interface RowProps {
  testId: string;
  path: string;
  name: string | null;
  datatype?: string | null;
  value: ReactNode;
  depth?: 1 | 2;
  toggle?: { open: boolean; onToggle: () => void } | undefined;
}

function Row({ testId, path, name, datatype, value, depth, toggle }: RowProps) {
  const nesting = depth === 1 ? classes.nested1 : depth === 2 ? classes.nested2 : '';
  return (
    <div className={`${classes.row} ${nesting}`} data-testid={testId} data-path={path}>
      <span>
        {toggle && (
          <button type="button" className={classes.toggle} aria-expanded={toggle.open} aria-label={`${toggle.open ? 'Collapse' : 'Expand'} ${path}`} onClick={toggle.onToggle}>
            {toggle.open ? '▼' : '▶'}
          </button>
        )}
      </span>
      <span className={classes.label}>{path}</span>
      <span className={`${classes.name} ${name ? '' : classes.dimmed}`} title={name ?? undefined}>
        {name ?? '—'}
      </span>
      <span className={classes.datatype}>{datatype ?? ''}</span>
      <span className={classes.value}>{value === '' ? <span className={classes.dimmed}>(empty)</span> : value}</span>
    </div>
  );
}
