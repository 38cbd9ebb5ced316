import type { Hl7MessageSummary } from '@contract/messages';
import { Skeleton } from '@mantine/core';
import type { CSSProperties, KeyboardEvent } from 'react';
import { formatTimestamp, localZoneLabel } from '../../components/time-format';
import { CONTROL_ID_REUSED, endpointLabel, patientLabel } from './message-format';
import classes from './message-log.module.css';
import { MessageStatusBadge } from './message-status-badge';

interface Column {
  label: string;
  width: string;
  className?: string;
}

/** Fixed widths where the content is fixed (times, codes, badges); the rest share what is left. */
const columns: readonly Column[] = [
  { label: `Received (${localZoneLabel()})`, width: '192px' },
  { label: 'Connector', width: 'minmax(130px, 1fr)' },
  { label: 'Type', width: '80px' },
  { label: 'Control ID', width: 'minmax(120px, 1fr)' },
  { label: 'Patient', width: 'minmax(170px, 1.4fr)' },
  { label: 'Sending app · facility', width: 'minmax(140px, 1.2fr)' },
  { label: 'Status', width: '122px' },
  { label: 'ACK', width: '44px' },
  { label: 'FHIR', width: '48px', className: classes.numeric },
  { label: 'Attempts', width: '70px', className: classes.numeric },
  { label: 'Error', width: 'minmax(140px, 2fr)' },
];

const grid: CSSProperties = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };
export const LOG_MIN_WIDTH = 1278;
export const LOG_ROW_HEIGHT = 30;

const cell = (extra?: string): string => (extra ? `${classes.cell} ${extra}` : classes.cell);

/** By the ACK code's second letter: accept, error, reject (AA/CA, AE/CE, AR/CR). */
const ackColors: Record<string, string> = { A: 'var(--mantine-color-green-8)', E: 'var(--mantine-color-orange-8)', R: 'var(--mantine-color-red-8)' };
const ackColor = (code: string): string => ackColors[code.charAt(1)] ?? 'var(--mantine-color-gray-7)';

const resourcesTitle = (count: number): string =>
  count > 0 ? `${count} FHIR resource${count === 1 ? '' : 's'} created or updated by its last processing` : 'No FHIR resources: no mapping profile converts this message type, or nothing in it was mapped (see its attempts)';

export function LogHeader() {
  return (
    <div className={classes.header} style={grid} role="row">
      {columns.map((column) => (
        <div key={column.label} className={cell(column.className)} role="columnheader">
          {column.label}
        </div>
      ))}
    </div>
  );
}

interface MessageRowProps {
  message: Hl7MessageSummary;
  index: number;
  style: CSSProperties;
  connectorName: string;
  selected: boolean;
  onOpen: (id: string) => void;
}

export function MessageRow({ message, index, style, connectorName, selected, onOpen }: MessageRowProps) {
  const sender = endpointLabel(message.sendingApplication, message.sendingFacility);
  const error = [message.errorCode, message.errorMessage].filter(Boolean).join(': ');
  const patient = patientLabel(message.patientName, message.patientId);
  const open = () => onOpen(message.id);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') open();
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      tabIndex={0}
      className={classes.row}
      style={{ ...style, ...grid }}
      data-selected={selected || undefined}
      data-testid="message-row"
      data-message-id={message.id}
      data-control-id={message.messageControlId ?? ''}
      data-status={message.status}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      <div role="cell" className={cell(classes.mono)} title={`${formatTimestamp(message.receivedAt)} ${localZoneLabel(new Date(message.receivedAt))} · ${message.receivedAt}`}>
        {formatTimestamp(message.receivedAt)}
      </div>
      <div role="cell" className={cell()} title={connectorName}>
        {connectorName}
      </div>
      <div role="cell" className={cell(classes.mono)} style={{ fontWeight: 600 }} title={message.messageType ?? undefined}>
        {message.messageType ?? <span className={classes.dimmed}>—</span>}
      </div>
      <div role="cell" className={cell(classes.mono)} title={message.controlIdReused ? CONTROL_ID_REUSED : (message.messageControlId ?? undefined)}>
        {message.controlIdReused && (
          <span className={classes.reused} data-testid="control-id-reused" aria-label="control ID reused">
            ≠
          </span>
        )}
        {message.messageControlId ?? <span className={classes.dimmed}>—</span>}
      </div>
      <div role="cell" className={cell()} title={patient ?? undefined} data-testid="message-patient">
        {patient ?? <span className={classes.dimmed}>—</span>}
      </div>
      <div role="cell" className={cell()} title={[message.sendingApplication, message.sendingFacility].filter(Boolean).join(' · ')}>
        {sender}
      </div>
      <div role="cell" className={cell()}>
        <MessageStatusBadge status={message.status} />
      </div>
      <div role="cell" className={cell(classes.mono)} style={message.ackCode ? { color: ackColor(message.ackCode), fontWeight: 600 } : undefined}>
        {message.ackCode ?? <span className={classes.dimmed}>—</span>}
      </div>
      <div role="cell" className={cell(classes.numeric)} title={resourcesTitle(message.resourceCount)} data-testid="message-resources">
        {message.status === 'processed' || message.resourceCount > 0 ? message.resourceCount : <span className={classes.dimmed}>—</span>}
      </div>
      <div role="cell" className={cell(classes.numeric)}>
        {message.attemptCount}
      </div>
      <div role="cell" className={cell(classes.error)} title={error || undefined}>
        {error}
      </div>
    </div>
  );
}

/** A row whose page is still loading: same height, so nothing jumps when it arrives. */
export function PlaceholderRow({ index, style }: { index: number; style: CSSProperties }) {
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy className={`${classes.row} ${classes.placeholder}`} style={{ ...style, ...grid }}>
      {columns.map((column) => (
        <div key={column.label} role="cell" className={cell()}>
          <Skeleton height={8} width="70%" animate={false} />
        </div>
      ))}
    </div>
  );
}
