import { describe, expect, it } from 'vitest';
import { SftpSettings, authKeysFor, connectorRuleIssues, isSecretAuthKey, type ConnectorShape } from '../../src-shared/connectors';
import { settingsToStore } from './connector-dto';

const sftp = (over: Partial<ConnectorShape> = {}): ConnectorShape => ({
  protocol: 'sftp',
  direction: 'inbound',
  tlsEnabled: false,
  host: 'sftp.partner.example',
  port: 22,
  authMode: 'ssh-key',
  authKeys: ['username', 'privateKey', 'hostKeyFingerprint'],
  ...over,
});

describe('SFTP connector rules', () => {
  it('accepts an inbound SFTP connector with a host, port, user, key and host key fingerprint', () => {
    expect(connectorRuleIssues(sftp())).toEqual([]);
  });

  it('needs the server host key fingerprint whatever the auth mode, since nothing is trusted on first use', () => {
    expect(authKeysFor(sftp({ authMode: 'basic' })).required.sort()).toEqual(['hostKeyFingerprint', 'password', 'username']);
    expect(connectorRuleIssues(sftp({ authKeys: ['username', 'privateKey'] }))).toEqual([{ path: 'authConfig', message: 'ssh-key authentication needs hostKeyFingerprint' }]);
  });

  it('needs host and port for inbound SFTP too, because the engine polls the partner server', () => {
    expect(connectorRuleIssues(sftp({ host: null, port: null })).map((i) => i.path).sort()).toEqual(['host', 'port']);
  });

  it('refuses auth modes other than SSH password or key', () => {
    expect(connectorRuleIssues(sftp({ authMode: 'api-key', authKeys: ['apiKey', 'hostKeyFingerprint'] }))).toEqual([{ path: 'authMode', message: 'must be basic or ssh-key for sftp connectors' }]);
  });

  it('shows the host key fingerprint but masks the key passphrase', () => {
    expect(authKeysFor(sftp()).optional).toEqual(['passphrase']);
    expect(isSecretAuthKey('hostKeyFingerprint')).toBe(false);
    expect(isSecretAuthKey('passphrase')).toBe(true);
  });

  it('takes folder settings and refuses listener settings', () => {
    expect(connectorRuleIssues(sftp({ settingsKeys: ['remoteDir', 'filePrefix', 'pollIntervalSeconds'] }))).toEqual([]);
    expect(connectorRuleIssues(sftp({ settingsKeys: ['ackMode'] })).map((i) => i.path)).toEqual(['settings.ackMode']);
  });

  it('stores the folder settings with defaults and drops listener settings left from a protocol change', () => {
    expect(settingsToStore({ protocol: 'sftp', direction: 'outbound' }, { ackMode: 'never', filePrefix: 'lab' }, { remoteDir: '/in' })).toEqual({ remoteDir: '/in', filePrefix: 'lab', pollIntervalSeconds: 60 });
  });

  it('refuses a remote folder that is relative or climbs with ..', () => {
    expect(SftpSettings.safeParse({ remoteDir: 'in' }).success).toBe(false);
    expect(SftpSettings.safeParse({ remoteDir: '/in/../etc' }).success).toBe(false);
    expect(SftpSettings.safeParse({ remoteDir: '/partner/in' }).success).toBe(true);
  });
});
