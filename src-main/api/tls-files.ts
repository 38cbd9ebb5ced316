import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

/**
 * Reads the PEM certificate and key for HTTPS and checks that they belong together, so a wrong file stops
 * the start with a message that names it rather than failing each connection later.
 */
export function readTlsFiles(certFile: string, keyFile: string): { ok: true; cert: string; key: string } | { ok: false; message: string } {
  const read = (file: string, what: string): string | { message: string } => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      return { message: `cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}` };
    }
  };
  const cert = read(certFile, 'certificate');
  if (typeof cert !== 'string') return { ok: false, ...cert };
  const key = read(keyFile, 'key');
  if (typeof key !== 'string') return { ok: false, ...key };
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const mismatch = /mismatch/i.test(reason);
    return { ok: false, message: mismatch ? `the TLS key ${keyFile} is not the key of the certificate ${certFile}` : `the TLS certificate ${certFile} or key ${keyFile} is not usable PEM (${reason})` };
  }
  return { ok: true, cert, key };
}
