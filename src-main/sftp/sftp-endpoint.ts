import { SftpSettings } from '../../src-shared/connectors';
import type { SftpEndpoint } from './sftp-session';

/** What the SFTP sender and poller need of a connector: its server, its decrypted auth config, its folder settings. */
export interface SftpConnectorConfig {
  readonly id: string;
  readonly host: string | null;
  readonly port: number | null;
  readonly authMode: string;
  readonly settings: Record<string, unknown>;
}

export interface SftpTarget {
  readonly connectorId: string;
  readonly endpoint: SftpEndpoint;
  readonly settings: SftpSettings;
}

/** The endpoint and folder of an SFTP connector; the contract's rules guarantee host, port, username and fingerprint. */
export function sftpTargetOf(connector: SftpConnectorConfig, auth: Readonly<Record<string, string>> | null): SftpTarget {
  const a = auth ?? {};
  const credentials = connector.authMode === 'ssh-key' ? { privateKey: a.privateKey ?? '', passphrase: a.passphrase } : { password: a.password ?? '' };
  return {
    connectorId: connector.id,
    endpoint: { host: connector.host ?? '', port: connector.port ?? 22, username: a.username ?? '', hostKeyFingerprint: a.hostKeyFingerprint ?? '', ...credentials },
    settings: SftpSettings.parse(connector.settings),
  };
}
