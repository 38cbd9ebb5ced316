const IPV4_LOOPBACK = /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6_LOOPBACK = new Set(['::1', '0:0:0:0:0:0:0:1']);

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || IPV4_LOOPBACK.test(bare) || IPV6_LOOPBACK.has(bare);
}
