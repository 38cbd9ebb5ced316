export interface MllpLimits {
  /** Largest accepted frame; bigger ones are answered AR and discarded. */
  maxFrameBytes: number;
  /** Connections open at once; one more is closed at once (FIN, nothing read), logged and counted. */
  maxConnections: number;
  /** Connections open at once from one remote address: one sender cannot take every slot. */
  maxConnectionsPerAddress: number;
  /** A connection silent this long is closed. */
  idleTimeoutMs: number;
  /** Frames waiting on one connection before its socket is paused (backpressure). */
  maxPendingFrames: number;
}

export const DEFAULT_MLLP_LIMITS: MllpLimits = {
  maxFrameBytes: 16 * 1024 * 1024,
  maxConnections: 64,
  maxConnectionsPerAddress: 16,
  idleTimeoutMs: 10 * 60 * 1000,
  maxPendingFrames: 32,
};
