import type { ConnectorAuthMode, ConnectorDirection, ConnectorProtocol, ConnectorStatus } from '@contract/connectors';

export const protocolLabels: Record<ConnectorProtocol, string> = {
  mllp: 'MLLP',
  'fhir-rest': 'FHIR REST',
  sftp: 'SFTP',
  'api-polling': 'API polling',
  webhook: 'Webhook',
};

export const directionLabels: Record<ConnectorDirection, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  bidirectional: 'Bidirectional',
};

export const authModeLabels: Record<ConnectorAuthMode, string> = {
  none: 'None',
  'client-cert': 'Client certificate',
  'shared-secret': 'Shared secret',
  oauth2: 'OAuth 2.0 client credentials',
  'smart-backend': 'SMART Backend Services (signed JWT)',
  'api-key': 'API key',
  basic: 'Basic (user name and password)',
  'ssh-key': 'SSH key',
};

export const statusLabels: Record<ConnectorStatus, string> = {
  configured: 'Configured',
  active: 'Active',
  paused: 'Paused',
  inactive: 'Inactive',
};

type AuthKeyInput = 'text' | 'secret' | 'pem' | 'algorithm';

const authKeyFields: Record<string, { label: string; input: AuthKeyInput }> = {
  certificate: { label: 'Certificate (PEM)', input: 'pem' },
  privateKey: { label: 'Private key (PEM or OpenSSH)', input: 'pem' },
  passphrase: { label: 'Key passphrase', input: 'secret' },
  hostKeyFingerprint: { label: 'Server host key (SHA256:…)', input: 'text' },
  caCertificate: { label: 'CA certificate (PEM)', input: 'pem' },
  secret: { label: 'Secret', input: 'secret' },
  tokenUrl: { label: 'Token URL', input: 'text' },
  clientId: { label: 'Client ID', input: 'text' },
  clientSecret: { label: 'Client secret', input: 'secret' },
  scope: { label: 'Scopes', input: 'text' },
  keyId: { label: 'Key ID (kid)', input: 'text' },
  algorithm: { label: 'Signing algorithm', input: 'algorithm' },
  apiKey: { label: 'API key', input: 'secret' },
  username: { label: 'User name', input: 'text' },
  password: { label: 'Password', input: 'secret' },
};

/** How to ask for one auth config value; unknown keys are treated as secrets. */
export const authKeyField = (key: string): { label: string; input: AuthKeyInput } => authKeyFields[key] ?? { label: key, input: 'secret' };

export const optionsOf = <K extends string>(values: readonly K[], labels: Record<K, string>): { value: K; label: string }[] =>
  values.map((value) => ({ value, label: labels[value] }));
