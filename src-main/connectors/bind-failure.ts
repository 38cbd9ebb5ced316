/** Why a listener could not bind: the OS error code and, when another listener of this engine holds the port, its connector. */
export interface BindFailure {
  code: string | undefined;
  host: string;
  port: number | null;
  holderConnectorId: string | undefined;
  message: string;
}

export function bindFailureOf(error: unknown, host: string, port: number | null, holderConnectorId: string | undefined): BindFailure {
  return {
    code: (error as NodeJS.ErrnoException | undefined)?.code,
    host,
    port,
    holderConnectorId,
    message: error instanceof Error ? error.message : String(error),
  };
}

/** One line for the console and the logs (connector ids only). */
export function bindFailureReason(f: BindFailure, holderName?: string): string {
  const where = `port ${f.port ?? '?'} on ${f.host}`;
  switch (f.code) {
    case 'EADDRINUSE':
      if (f.holderConnectorId) return `${where} is already in use by connector ${holderName ? `"${holderName}" (${f.holderConnectorId})` : f.holderConnectorId}`;
      return `${where} is already in use by another process on this machine`;
    case 'EACCES':
      return `not allowed to listen on ${where}`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: this machine has no such address`;
    default:
      return `cannot listen on ${where}: ${f.message}`;
  }
}
