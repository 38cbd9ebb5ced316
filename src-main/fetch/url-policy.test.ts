import { describe, expect, it } from 'vitest';
import { addressClass, adminUrlRefusal, allowListed, callerAddressRefusal, parseFetchAllowList, type OwnEndpoints } from './url-policy';

const own: OwnEndpoints = { ports: [7300, 2575], boundHost: '127.0.0.1', localAddresses: ['127.0.0.1', '192.168.1.20'] };

describe('address classes', () => {
  it('names loopback, link-local, private, CGNAT, unspecified and IPv4-mapped addresses as not public', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fd00:ec2::254', 'link-local'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.10', 'private'],
      ['100.64.0.1', 'private'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'reserved'],
      ['not-an-ip', 'reserved'],
    ];
    for (const [address, kind] of cases) expect(addressClass(address), address).toBe(kind);
  });

  it('treats other addresses as public', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(addressClass(address), address).toBe('public');
  });
});

describe('caller-supplied URLs', () => {
  it('may reach public addresses only', () => {
    expect(callerAddressRefusal('93.184.216.34')).toBeUndefined();
    for (const address of ['127.0.0.1', '169.254.169.254', '10.0.0.5', '::1', '::ffff:192.168.1.1']) expect(callerAddressRefusal(address), address).toContain('--allow-fetch');
  });

  it('are allow-listed by host, or by host and port when the entry names one', () => {
    const allow = parseFetchAllowList('127.0.0.1:8080, files.lan ,[::1]:9000');
    if (typeof allow === 'string') throw new Error(allow);
    expect(allowListed(new URL('http://127.0.0.1:8080/a'), allow)).toBe(true);
    expect(allowListed(new URL('http://127.0.0.1:8081/a'), allow)).toBe(false);
    expect(allowListed(new URL('https://FILES.lan/a'), allow)).toBe(true);
    expect(allowListed(new URL('http://[::1]:9000/a'), allow)).toBe(true);
    expect(allowListed(new URL('http://localhost:8080/a'), allow)).toBe(false);
  });
});

describe('administrator-configured URLs', () => {
  it('may name LAN and loopback servers', () => {
    for (const url of ['http://192.168.1.50:8080/fhir', 'http://127.0.0.1:8080/fhir', 'http://localhost:8081/fhir', 'https://ehr.example/fhir']) expect(adminUrlRefusal(url, own), url).toBeUndefined();
  });

  it('never name link-local metadata addresses, nor the engine own ports on its own addresses', () => {
    expect(adminUrlRefusal('http://169.254.169.254/latest/meta-data/', own)).toContain('link-local');
    expect(adminUrlRefusal('http://[fd00:ec2::254]/', own)).toContain('link-local');
    expect(adminUrlRefusal('http://127.0.0.1:7300/fhir/R4', own)).toContain('port 7300');
    expect(adminUrlRefusal('http://localhost:2575/', own)).toContain('port 2575');
    expect(adminUrlRefusal('http://192.168.1.20:7300/', { ...own, boundHost: '0.0.0.0' })).toContain('port 7300');
    expect(adminUrlRefusal('http://192.168.1.20:7300/', own)).toBeUndefined();
    expect(adminUrlRefusal('ftp://files/', own)).toContain('http');
    expect(adminUrlRefusal('http://user:pw@ehr/', own)).toContain('credentials');
  });
});
