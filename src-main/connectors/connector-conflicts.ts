import { isListener } from '../../src-shared';
import { AppError } from '../core/errors';
import type { ConnectorRow } from '../store/connectors-repo';

type SlotHolder = Pick<ConnectorRow, 'id' | 'name' | 'protocol' | 'direction' | 'host' | 'port' | 'facilityId'>;

/** Another connector (or this one) already holds the slot `row` would hold when active. */
export function alreadyActive(row: SlotHolder, holderId: string): AppError {
  const self = holderId === row.id;
  const slot = [row.protocol, row.direction, row.port ?? 'no port', row.facilityId ? `facility ${row.facilityId}` : 'no facility'].join(', ');
  return new AppError(
    'conflict',
    'INTEROP_CONNECTOR_ALREADY_ACTIVE',
    self ? `Connector ${row.id} is already active` : `Connector ${holderId} is already active for ${slot}; deactivate it first`,
    { activeConnectorId: holderId },
  );
}

export function portInUse(row: SlotHolder, holder: SlotHolder): AppError {
  const where = `Port ${row.port ?? '?'} on ${row.host ?? 'all interfaces'}`;
  return new AppError('conflict', 'INTEROP_PORT_IN_USE', `${where} is already in use by connector "${holder.name}" (${holder.id}); deactivate it first`, {
    host: row.host,
    port: row.port,
    heldBy: { kind: 'connector', connectorId: holder.id, name: holder.name },
  });
}

/** A listener's slot is its port; any other connector's is its facility, protocol, direction and port. */
export const slotTaken = (row: SlotHolder, holder: SlotHolder | undefined): AppError =>
  isListener(row) && holder ? portInUse(row, holder) : alreadyActive(row, holder?.id ?? row.id);

export const connectorNameTaken = (name: string): AppError =>
  new AppError('conflict', 'INTEROP_CONNECTOR_NAME_TAKEN', `A connector named "${name}" already exists`, { fields: { name: ['is already used by another connector'] } });

export const connectorInUse = (id: string): AppError =>
  new AppError('conflict', 'INTEROP_CONNECTOR_IN_USE', `Connector ${id} has a message log; deactivate it instead of deleting it`);
