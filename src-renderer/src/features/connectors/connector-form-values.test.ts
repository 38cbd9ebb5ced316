import { SECRET_MASK, type Connector } from '@contract/connectors';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, clientErrors, formValuesOf, newKeyPairInput, placeFieldErrors, toCreateInput, toUpdateInput } from './connector-form-values';

const stored: Connector = {
  id: 'CONN_01',
  tenantId: 'default',
  name: 'LIS results',
  protocol: 'mllp',
  direction: 'outbound',
  host: 'lis.local',
  port: 6661,
  tlsEnabled: true,
  authMode: 'basic',
  authConfig: { username: 'lab', password: SECRET_MASK },
  messageTypes: ['ORU^R01'],
  settings: {},
  facilityId: null,
  externalSystemId: null,
  status: 'configured',
  lastError: null,
  runtime: null,
  controlIdReusedCount: 0,
  activatedAt: null,
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const pick = <T extends object>(o: T, ...keys: (keyof T)[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

describe('connector form values', () => {
  it('sends blanks as null and the port as a number on create', () => {
    const input = toCreateInput({ ...formValuesOf(null), name: '  ADT in ', port: 2575, host: ' ', facilityId: '' });
    expect(input).toMatchObject({ name: 'ADT in', host: null, port: 2575, facilityId: null, authConfig: null, protocol: 'mllp', direction: 'inbound' });
  });

  it('keeps stored secrets left blank by sending the mask, and sends what was typed', () => {
    const values = { ...formValuesOf(stored), authConfig: { username: 'lab', password: 'new-password' } };
    expect(toUpdateInput(values, stored)).toMatchObject({ id: 'CONN_01', version: 4, authConfig: { username: 'lab', password: 'new-password' } });
    expect(toUpdateInput(formValuesOf(stored), stored).authConfig).toEqual({ username: 'lab', password: SECRET_MASK });
  });

  it('shows stored values that are not secrets (user name, token URL, client id) and never a secret', () => {
    const oauth: Connector = { ...stored, protocol: 'fhir-rest', authMode: 'oauth2', authConfig: { tokenUrl: 'https://auth.example/token', clientId: 'clinic', clientSecret: SECRET_MASK } };
    expect(formValuesOf(oauth).authConfig).toEqual({ tokenUrl: 'https://auth.example/token', clientId: 'clinic' });
    expect(clientErrors({ ...formValuesOf(oauth), authConfig: { tokenUrl: '', clientId: 'clinic' } }, oauth)).toEqual({ 'authConfig.tokenUrl': 'Token URL is required' });
  });

  it('shows a listener\'s mapping profile assignments as rows and saves them as settings.mappingProfiles', () => {
    const listener: Connector = { ...stored, direction: 'inbound', settings: { ...DEFAULT_SETTINGS, mappingProfiles: { 'ORU^R01': 'HMP_A' } } };
    const values = formValuesOf(listener);
    expect(values.mappingProfiles).toEqual([{ messageType: 'ORU^R01', profileId: 'HMP_A' }]);
    const edited = { ...values, mappingProfiles: [...values.mappingProfiles, { messageType: 'adt^a01', profileId: 'HMP_B' }] };
    expect(toUpdateInput(edited, listener).settings?.mappingProfiles).toEqual({ 'ORU^R01': 'HMP_A', 'ADT^A01': 'HMP_B' });
    expect(clientErrors({ ...values, mappingProfiles: [{ messageType: 'ORU^R01', profileId: null }] }, listener)).toMatchObject({ mappingProfiles: 'Pick a mapping profile for ORU^R01' });
    expect(placeFieldErrors({ 'settings.mappingProfiles.ORU^R0': ['must be a message type such as ORU^R01'] }, values).errors).toEqual({ mappingProfiles: 'Must be a message type such as ORU^R01' });
  });

  it('sends the settings of the connector’s own kind only, and none for a kind without settings', () => {
    const create = (over: object) => toCreateInput({ ...formValuesOf(null), name: 'x', port: 2575, ...over });
    expect(create({}).settings).toEqual({ ...pick(DEFAULT_SETTINGS, 'ackMode', 'durability', 'maxFrameBytes', 'maxConnections', 'idleTimeoutSeconds'), mappingProfiles: {}, timeZone: null });
    expect(create({ direction: 'outbound' }).settings).toEqual({ ackTimeoutSeconds: 30, onApplicationError: 'retry' });
    expect(create({ protocol: 'fhir-rest', direction: 'outbound' }).settings).toEqual({ basePath: '/fhir' });
    expect(create({ protocol: 'sftp', direction: 'inbound' }).settings).toEqual({ remoteDir: '/', filePrefix: 'interop', pollIntervalSeconds: 60, timeZone: null });
    expect(create({ protocol: 'sftp', direction: 'outbound' }).settings).not.toHaveProperty('timeZone');
    expect(create({ protocol: 'webhook', direction: 'outbound' })).not.toHaveProperty('settings');
    expect(create({ protocol: 'fhir-rest', direction: 'inbound' })).not.toHaveProperty('settings');
  });

  it('sends the sender\'s time zone as typed, a blank one as null (the engine host\'s zone), and refuses a name that is no zone', () => {
    const values = { ...formValuesOf(null), name: 'x', port: 2575 };
    expect(toCreateInput({ ...values, settings: { ...values.settings, timeZone: ' Europe/Berlin ' } }).settings).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(toCreateInput({ ...values, settings: { ...values.settings, timeZone: '  ' } }).settings).toMatchObject({ timeZone: null });
    expect(clientErrors({ ...values, settings: { ...values.settings, timeZone: 'Europe/Berlin' } }, null)).toEqual({});
    expect(clientErrors({ ...values, settings: { ...values.settings, timeZone: 'Mars/Olympus' } }, null)).toEqual({ 'settings.timeZone': 'Time zone must be an IANA time zone such as Europe/Berlin' });
  });

  it('asks for auth values only where nothing is stored yet', () => {
    expect(clientErrors({ ...formValuesOf(null), name: 'x', authMode: 'basic' }, null)).toEqual({ 'authConfig.username': 'User name is required', 'authConfig.password': 'Password is required' });
    expect(clientErrors(formValuesOf(stored), stored)).toEqual({});
  });

  it('places the engine’s field messages under their inputs and keeps the rest for the form', () => {
    const values = { ...formValuesOf(null), messageTypes: ['ADT^A01', 'bogus'] };
    const placed = placeFieldErrors(
      { port: ['must be 1–65535'], 'authConfig.password': ['is required'], authConfig: ['basic authentication needs password'], 'messageTypes.1': ['must look like ADT^A01'], '(body)': ['Invalid input'] },
      values,
    );
    expect(placed.errors).toEqual({
      port: 'Port must be 1–65535',
      'authConfig.password': 'Password is required',
      authConfig: 'Basic authentication needs password',
      messageTypes: '“bogus” must look like ADT^A01',
    });
    expect(placed.unplaced).toEqual(['(body): Invalid input']);
  });

  it('keeps the template a connector was made from when it is edited', () => {
    const fromTemplate: Connector = { ...stored, settings: { ackTimeoutSeconds: 30, onApplicationError: 'retry', template: 'immunization-registry-vxu' } };
    expect(toUpdateInput({ ...formValuesOf(fromTemplate), name: 'Registry' }, fromTemplate).settings).toMatchObject({ template: 'immunization-registry-vxu' });
  });

  it('asks for a new SMART key pair by leaving out the stored private key and key id, keeping the rest', () => {
    const smart: Connector = { ...stored, protocol: 'fhir-rest', authMode: 'smart-backend', authConfig: { clientId: 'app', scope: 'system/Patient.rs', algorithm: 'ES384', keyId: 'k1', privateKey: SECRET_MASK, publicJwks: '{"keys":[]}' } };
    expect(newKeyPairInput(smart)).toEqual({ id: 'CONN_01', version: 4, authConfig: { clientId: 'app', scope: 'system/Patient.rs', algorithm: 'ES384' } });
  });

  it('offers a SMART connector its token URL, scopes, key id, algorithm and private key besides the required client id, and sends no private key left blank', () => {
    const values = { ...formValuesOf(null), name: 'Epic', host: 'fhir.example.org', port: 443, protocol: 'fhir-rest' as const, direction: 'outbound' as const, authMode: 'smart-backend' as const, authConfig: { clientId: 'app', scope: 'system/Patient.rs' } };
    expect(clientErrors(values, null)).toEqual({});
    expect(toCreateInput(values).authConfig).toEqual({ clientId: 'app', scope: 'system/Patient.rs' });
  });
});
