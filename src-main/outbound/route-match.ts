import type { OutboundCondition, OutboundRouteFilter } from '../../src-shared';
import type { Hl7Message } from '../hl7';

/** `ORU^R01` matches an ORU^R01 (whatever its structure component); `ADT^*` and `ADT` match every ADT trigger. */
export function messageTypeMatches(pattern: string, messageType: string): boolean {
  const [code, trigger] = pattern.split('^');
  const [actualCode, actualTrigger] = messageType.split('^');
  if (code !== actualCode) return false;
  return trigger === undefined || trigger === '*' || trigger === actualTrigger;
}

/** A path the message cannot be read at (a segment id it lacks) reads as absent, never as an error. */
function valueAt(message: Hl7Message, path: string): string {
  try {
    return message.get(path);
  } catch {
    return '';
  }
}

function conditionHolds(condition: OutboundCondition, message: Hl7Message): boolean {
  const value = valueAt(message, condition.path);
  switch (condition.op) {
    case 'exists':
      return value !== '';
    case 'equals':
      return value === condition.value;
    case 'notEquals':
      return value !== condition.value;
    case 'matches':
      return new RegExp(condition.value ?? '', 'u').test(value);
    default:
      return condition.op satisfies never;
  }
}

/** Whether a processed message takes a route: every part of the filter that is given holds. */
export function routeMatches(filter: OutboundRouteFilter, message: Hl7Message): boolean {
  const header = message.header;
  if (filter.messageTypes && filter.messageTypes.length > 0 && !filter.messageTypes.some((p) => messageTypeMatches(p, `${header.messageCode}^${header.triggerEvent}`))) return false;
  if (filter.sendingFacility !== undefined && valueAt(message, 'MSH-4.1') !== filter.sendingFacility) return false;
  return filter.condition === undefined || conditionHolds(filter.condition, message);
}

/**
 * The lane an item joins: the destination's one lane, or, for routes laned by patient, the destination
 * and the patient's first PID-3 identifier (with its assigning authority) — a message without one goes
 * to the destination's own lane.
 */
export function laneKeyOf(destinationConnectorId: string, laneBy: string, message: Hl7Message): string {
  if (laneBy !== 'patient') return destinationConnectorId;
  const id = valueAt(message, 'PID-3.1');
  if (id === '') return destinationConnectorId;
  const authority = valueAt(message, 'PID-3.4');
  return `${destinationConnectorId}|${authority === '' ? id : `${id}^${authority}`}`;
}
