import { parseArgs } from 'node:util';
import { hostnameOfAddress } from './api/http-guard';
import { isLoopbackHost } from './core/loopback';
import { parseFetchAllowList, type FetchAllowEntry } from './fetch/url-policy';

export interface HeadlessArgs {
  host: string;
  port: number;
  dataDir: string;
  accessToken: string | undefined;
  /** Host names the HTTP server answers for besides loopback names and the bound address. */
  serverNames?: string[];
  /** The terminology server and the Authorization header value to send it (from the environment only). */
  terminologyServer?: { url: string; authorization: string | undefined };
  /** Hosts that URLs supplied in API requests ($import inputs) may reach although they are not public. */
  fetchAllow?: FetchAllowEntry[];
  /** PEM files of the certificate (chain) and private key: the server speaks HTTPS. */
  tls?: { certFile: string; keyFile: string };
  /** `--create-admin NAME`: make this admin account (password from INTEROP_ADMIN_PASSWORD or stdin) and exit. */
  createAdmin?: string;
}

export type ParsedArgs = { ok: true; args: HeadlessArgs } | { ok: true; help: true } | { ok: false; message: string };

export const USAGE = `Usage: npm run serve -- [--port N] [--data-dir DIR] [--host ADDRESS] [--token TOKEN] [--server-name NAME]... [--terminology-server URL]
       [--allow-fetch HOST[:PORT],...] [--tls-cert FILE --tls-key FILE]
       npm run serve -- --create-admin USERNAME [--data-dir DIR]

Runs the Interop Console engine headless and serves the console, /api/v1 and /fhir/R4 over HTTP.
npm start -- takes the same options where it runs headless (no Electron binary installed).

  --port N          TCP port (0 picks a free one; default 7300)
  --data-dir DIR    where the SQLite store and keys live (default ./data, or INTEROP_DATA_DIR)
  --host ADDRESS    address to bind (default 127.0.0.1); any non-loopback address needs a token
  --token TOKEN     access token required on /api and /fhir calls (or INTEROP_ACCESS_TOKEN)
  --server-name NAME
                    a host name or address browsers use to reach this server (repeatable, or
                    INTEROP_SERVER_NAMES comma-separated); requests naming any other Host than
                    these, loopback names and the bound address are refused
  --terminology-server URL
                    FHIR terminology server asked about code systems, value sets and concept maps
                    that are not bundled (or INTEROP_TERMINOLOGY_SERVER); the Authorization header
                    it needs, if any, only from INTEROP_TERMINOLOGY_AUTHORIZATION
  --allow-fetch HOST[:PORT],...
                    hosts that URLs given in API requests ($import inputs) may reach although they
                    are loopback, link-local or private addresses (or INTEROP_FETCH_ALLOW); without it
                    such URLs reach public addresses only. Repeatable; IPv6 as [ADDRESS]:PORT
  --tls-cert FILE   PEM certificate (with its chain) to serve HTTPS instead of HTTP (or
                    INTEROP_TLS_CERT); needs --tls-key. Session cookies are then marked Secure
  --tls-key FILE    PEM private key of that certificate (or INTEROP_TLS_KEY)
  --create-admin USERNAME
                    create an admin operator account in the data directory and exit, without
                    serving; the password (at least 12 characters) is read from
                    INTEROP_ADMIN_PASSWORD or else from the first line of standard input
  --help            show this text`;

/** Pure: argv + environment → settings or a message for the operator. */
export function parseHeadlessArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'server-name': { type: 'string', multiple: true },
        'terminology-server': { type: 'string' },
        'allow-fetch': { type: 'string', multiple: true },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'create-admin': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: true, help: true };
  const portText = values.port ?? '7300';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) return { ok: false, message: `--port must be a number from 0 to 65535, got "${portText}"` };
  const dataDir = values['data-dir'] ?? env.INTEROP_DATA_DIR ?? 'data';
  if (dataDir.trim() === '') return { ok: false, message: '--data-dir must not be empty' };
  const host = values.host ?? '127.0.0.1';
  const accessToken = values.token ?? env.INTEROP_ACCESS_TOKEN ?? undefined;
  if (accessToken !== undefined && accessToken.length < 16) return { ok: false, message: 'the access token must be at least 16 characters' };
  if (!isLoopbackHost(host) && !accessToken) {
    return { ok: false, message: `refusing to listen on ${host} without an access token (--token or INTEROP_ACCESS_TOKEN); bind 127.0.0.1 for local use` };
  }
  const serverNames = values['server-name'] ?? (env.INTEROP_SERVER_NAMES ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const badName = serverNames.find((name) => hostnameOfAddress(name) === undefined);
  if (badName !== undefined) return { ok: false, message: `--server-name takes a host name or IP address without a port, not "${badName}"` };
  const terminology = terminologyServer(values['terminology-server'] ?? env.INTEROP_TERMINOLOGY_SERVER, env.INTEROP_TERMINOLOGY_AUTHORIZATION);
  if (typeof terminology === 'string') return { ok: false, message: terminology };
  const fetchAllow = parseFetchAllowList((values['allow-fetch'] ?? [env.INTEROP_FETCH_ALLOW ?? '']).join(','));
  if (typeof fetchAllow === 'string') return { ok: false, message: fetchAllow };
  const certFile = values['tls-cert'] ?? env.INTEROP_TLS_CERT ?? '';
  const keyFile = values['tls-key'] ?? env.INTEROP_TLS_KEY ?? '';
  if ((certFile === '') !== (keyFile === '')) return { ok: false, message: '--tls-cert and --tls-key go together: give both files, or neither to serve plain HTTP' };
  const tls = certFile !== '' ? { tls: { certFile, keyFile } } : {};
  const createAdmin = values['create-admin'] !== undefined ? { createAdmin: values['create-admin'] } : {};
  return { ok: true, args: { host, port, dataDir, accessToken, ...tls, ...createAdmin, ...(serverNames.length > 0 ? { serverNames } : {}), ...(fetchAllow.length > 0 ? { fetchAllow } : {}), ...(terminology ? { terminologyServer: terminology } : {}) } };
}

const TERMINOLOGY_URL_EXPECTED = '--terminology-server must be an http(s) URL such as https://tx.fhir.org/r4';

/** The terminology server settings, or a message; credentials belong in the header variable, not the URL (which may be shown). */
export function terminologyServer(urlText: string | undefined, authorization: string | undefined): HeadlessArgs['terminologyServer'] | string {
  if (urlText === undefined || urlText === '') {
    return authorization ? 'INTEROP_TERMINOLOGY_AUTHORIZATION is set but no terminology server is (--terminology-server or INTEROP_TERMINOLOGY_SERVER)' : undefined;
  }
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return TERMINOLOGY_URL_EXPECTED;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return TERMINOLOGY_URL_EXPECTED;
  if (url.username || url.password) return '--terminology-server must not carry credentials; put the Authorization header value in INTEROP_TERMINOLOGY_AUTHORIZATION';
  return { url: urlText.replace(/\/+$/, ''), authorization: authorization || undefined };
}
