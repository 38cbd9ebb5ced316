export interface MllpLimits {
  /** Largest accepted frame; bigger ones are answered AR and discarded. */
  maxFrameBytes: number;
  maxConnections: number;
  /** A connection silent this long is closed. */
  idleTimeoutMs: number;
  /** Frames waiting on one connection before its socket is paused (backpressure). */
  maxPendingFrames: number;
}

export const DEFAULT_MLLP_LIMITS: MllpLimits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxConnections: 64,
  idleTimeoutMs: 10 * 60 * 1000,
  maxPendingFrames: 32,
};
