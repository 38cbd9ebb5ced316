import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the engine may fetch from (pure). Two kinds of URL reach the engine's fetches:
 * - a URL an API caller supplies per request ($import inputs) reaches public addresses only, unless the
 *   operator allow-listed its host (`--allow-fetch`);
 * - a URL an administrator configures (routing rules, the terminology server) may name LAN and loopback
 *   servers — the normal clinic setup — but never link-local (cloud metadata) addresses or the engine's
 *   own listening ports.
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are judged as the IPv4 address they carry.
 */

export type AddressClass = 'public' | 'loopback' | 'link-local' | 'private' | 'unspecified' | 'reserved';

function blockList(subnets: readonly [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return list;
}

const CLASSES: readonly [Exclude<AddressClass, 'public'>, BlockList][] = [
  ['loopback', blockList([['127.0.0.0', 8], ['::1', 128]])],
  ['link-local', blockList([['169.254.0.0', 16], ['fe80::', 10], ['fd00:ec2::', 32]])],
  ['private', blockList([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['fc00::', 7]])],
  ['unspecified', blockList([['0.0.0.0', 8], ['::', 128]])],
  ['reserved', blockList([['224.0.0.0', 3], ['ff00::', 8]])],
];

/** Link-local addresses: where cloud metadata services answer (169.254.169.254, fd00:ec2::254). */
const METADATA = blockList([['169.254.0.0', 16], ['fe80::', 10], ['fd00:ec2::', 32]]);

/** The class of an IP address; anything that is not an IP address is `reserved` (never fetched). */
export function addressClass(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [name, list] of CLASSES) if (list.check(bare, type)) return name;
  return 'public';
}

const isMetadataAddress = (address: string): boolean => {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  return family !== 0 && METADATA.check(bare, family === 6 ? 'ipv6' : 'ipv4');
};

/** One `--allow-fetch` entry: a host name or address, optionally with a port. */
export interface FetchAllowEntry {
  host: string;
  port?: number;
}

function allowEntry(raw: string): FetchAllowEntry | undefined {
  if (isIP(raw) === 6) return { host: raw.toLowerCase() };
  const match = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(raw) ?? /^([a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(raw);
  const host = match?.[1];
  if (!host || (raw.startsWith('[') && isIP(host) !== 6)) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && !(port >= 1 && port <= 65535)) return undefined;
  return { host: host.toLowerCase(), ...(port !== undefined ? { port } : {}) };
}

/** `HOST[:PORT]` entries, comma-separated (`[v6]:PORT` for IPv6 with a port); a message when one is malformed. */
export function parseFetchAllowList(text: string): FetchAllowEntry[] | string {
  const entries: FetchAllowEntry[] = [];
  for (const raw of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const entry = allowEntry(raw);
    if (!entry) return `--allow-fetch entries are HOST or HOST:PORT (port 1 to 65535; IPv6 as [ADDRESS]:PORT), not "${raw}"`;
    entries.push(entry);
  }
  return entries;
}

/** The port a URL connects to. */
export const urlPort = (url: URL): number => (url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
const urlHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether the operator's allow-list names this URL's host (and its port, when the entry gives one). */
export function allowListed(url: URL, allow: readonly FetchAllowEntry[]): boolean {
  const host = urlHost(url);
  return allow.some((entry) => entry.host === host && (entry.port === undefined || entry.port === urlPort(url)));
}

/** The rule that refuses a caller-supplied URL's resolved address, or undefined when it may be fetched. */
export function callerAddressRefusal(address: string): string | undefined {
  if (addressClass(address) === 'public') return undefined;
  return 'URLs supplied in API requests may reach only public addresses (not loopback, link-local or private ones) unless the operator allow-lists the host with --allow-fetch';
}

/** Where the engine itself listens: its HTTP port and MLLP listener ports, and the address HTTP is bound to. */
export interface OwnEndpoints {
  ports: readonly number[];
  /** The HTTP bind address; with 0.0.0.0 / :: every local address counts as the engine's own. */
  boundHost?: string | undefined;
  /** This machine's interface addresses (used when bound to every address). */
  localAddresses: readonly string[];
}

function isOwnAddress(address: string, own: OwnEndpoints): boolean {
  const kind = addressClass(address);
  if (kind === 'loopback' || kind === 'unspecified') return true;
  const bound = own.boundHost?.replace(/^\[|\]$/g, '').toLowerCase();
  if (bound === undefined) return false;
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase().replace(/^::ffff:/, '');
  if (bare === bound) return true;
  return addressClass(bound) === 'unspecified' && own.localAddresses.some((a) => a.toLowerCase() === bare);
}

/** The rule that refuses an administrator-configured URL's address, or undefined when it may be fetched. */
export function adminAddressRefusal(address: string, port: number, own: OwnEndpoints): string | undefined {
  if (isMetadataAddress(address)) return 'configured URLs must not point at link-local addresses (169.254.0.0/16, fe80::/10, fd00:ec2::/32), where cloud metadata services answer';
  if (own.ports.includes(port) && isOwnAddress(address, own)) return `configured URLs must not point at the engine's own listening ports (port ${port})`;
  return undefined;
}

/**
 * A configured URL as it is saved: an http(s) URL without credentials whose literal address, if it names one
 * (an IP address or localhost), is allowed; names are resolved and checked again whenever they are fetched.
 */
export function adminUrlRefusal(text: string, own: OwnEndpoints): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the URL is not a valid absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'configured URLs must be http or https';
  if (url.username || url.password) return 'configured URLs must not carry credentials';
  const host = urlHost(url);
  const literal = host === 'localhost' ? '127.0.0.1' : isIP(host) !== 0 ? host : undefined;
  return literal === undefined ? undefined : adminAddressRefusal(literal, urlPort(url), own);
}
