import { hostTimeZone } from '../core/zone-clock';
import type { ConvertContext } from './converter';

/** Chooses the zone a conversion reads HL7 times sent without a UTC offset in. */
export type TimeZoneOf = (context: ConvertContext) => string;

/**
 * The sender's time zone: the one the caller names (the convert operation's `timeZone`), else the
 * setting of the connector the message came in on, else the engine host's zone (what staff on site expect).
 */
export function senderTimeZone(context: ConvertContext, connectorTimeZone: (connectorId: string) => string | undefined = () => undefined): string {
  return context.timeZone ?? (context.connectorId === undefined ? undefined : connectorTimeZone(context.connectorId)) ?? hostTimeZone();
}
