import { describe, expect, it } from 'vitest';
import { authKeysFor, ConnectorDefinitionContent, connectorOps, TEMPLATE_CHECK_ADDRESS } from '../../src-shared';
import { parseBatch } from '../hl7';
import { DEFAULT_PROFILES } from '../mapping/default-profiles';
import { DEFAULT_FHIR_PROFILES } from '../mapping/fhir-to-hl7/default-fhir-profiles';
import { SHIPPED_TEMPLATES } from './templates';
import { testMessageFrom } from './test-message';

const issuesOf = (raw: unknown): string[] => {
  const parsed = ConnectorDefinitionContent.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const templates = SHIPPED_TEMPLATES.map((raw) => ConnectorDefinitionContent.parse(raw));
const lis = SHIPPED_TEMPLATES.find((t) => (t as { type: string }).type === 'lis-oru-results') as Record<string, unknown> & { defaults: Record<string, unknown> };

describe('the shipped connector templates', () => {
  it.each(SHIPPED_TEMPLATES.map((raw) => [(raw as { type: string }).type, raw] as const))('%s parses, and its defaults pass the connector rules', (_type, raw) => {
    expect(issuesOf(raw)).toEqual([]);
  });

  it('cover every partner the catalog promises, each type once', () => {
    const types = templates.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['epic-fhir-r4', 'cerner-fhir-r4', 'lis-oru-results', 'adt-feed', 'ris-orders', 'immunization-registry-vxu', 'pharmacy-eprescribing', 'eligibility-service', 'payment-webhook']));
  });

  it.each(templates.map((t) => [t.type, t] as const))('%s: its defaults make a connector connectors.create accepts once the operator gives host and port', (_type, t) => {
    const d = t.defaults;
    const authConfig = Object.fromEntries(authKeysFor(d).required.map((key) => [key, 'given by the operator']));
    const candidate = { name: t.name, protocol: d.protocol, direction: d.direction, host: d.host ?? TEMPLATE_CHECK_ADDRESS.host, port: d.port ?? TEMPLATE_CHECK_ADDRESS.port, tlsEnabled: d.tlsEnabled, authMode: d.authMode, messageTypes: d.messageTypes, settings: { ...d.settings, ...(d.monitoring ? { monitoring: d.monitoring } : {}), template: t.type } };
    const parsed = connectorOps.create.input.safeParse({ ...candidate, authConfig: Object.keys(authConfig).length > 0 ? authConfig : null });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(templates.map((t) => [t.type, t] as const))('%s names only shipped mapping profiles that cover their message type', (_type, t) => {
    for (const [messageType, name] of Object.entries(t.defaults.mappingProfiles)) {
      const profile = DEFAULT_PROFILES.find((p) => p.name === name);
      expect(profile?.name, `${messageType} → ${name}`).toBe(name);
      expect(profile?.messageTypes).toContain(messageType);
    }
  });

  it.each(templates.map((t) => [t.type, t] as const))('%s speaks only HL7 message types the engine maps (inbound) or builds (outbound)', (_type, t) => {
    const known = t.direction === 'outbound' ? DEFAULT_FHIR_PROFILES.flatMap((p) => p.messageTypes.map((m) => m.split('^').slice(0, 2).join('^'))) : DEFAULT_PROFILES.flatMap((p) => p.messageTypes);
    for (const type of t.entities.hl7MessageTypes) expect(known, type).toContain(type);
  });

  it.each(templates.filter((t) => t.sampleMessage).map((t) => [t.type, t] as const))('%s: its sample message parses and is of a type the connector takes', (_type, t) => {
    const { text, messageType } = testMessageFrom(t.sampleMessage as string, 'TEST1', new Date(0));
    expect(parseBatch(text).messages).toHaveLength(1);
    expect(t.defaults.messageTypes).toContain(messageType);
  });

  it('a template whose defaults the connector rules refuse does not parse', () => {
    expect(issuesOf({ ...lis, defaults: { ...lis.defaults, direction: 'outbound' } })).toContain("defaults.direction: must be the template's direction inbound");
    expect(issuesOf({ ...lis, protocol: 'sftp', defaults: { ...lis.defaults, protocol: 'sftp' } })).toEqual(expect.arrayContaining([expect.stringMatching(/^defaults\.authMode: must be basic or ssh-key/), expect.stringMatching(/^defaults\.settings\.ackMode: does not apply/)]));
    expect(issuesOf({ ...lis, defaults: { ...lis.defaults, mappingProfiles: { 'ADT^A01': 'ADT patient administration (V2-to-FHIR)' } } })).toContain('defaults.mappingProfiles.ADT^A01: maps a message type the defaults do not take');
    expect(issuesOf({ ...lis, defaults: { ...lis.defaults, settings: { template: 'other' } } })).toContain('defaults.settings.template: is set by the engine');
    expect(issuesOf({ ...lis, limitations: undefined })).not.toEqual([]);
  });
});
