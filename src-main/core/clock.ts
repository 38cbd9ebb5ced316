export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();
