import { z } from 'zod';

/** Whether Intl knows the name as an IANA time zone (`Europe/Berlin`, `UTC`); offsets such as `+01:00` are not zones. */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const TIME_ZONE_MESSAGE = 'must be an IANA time zone such as Europe/Berlin';

/** An IANA time zone name, checked with Intl. */
export const TimeZoneName = z.string().trim().min(1, TIME_ZONE_MESSAGE).max(100).refine(isTimeZone, TIME_ZONE_MESSAGE);
