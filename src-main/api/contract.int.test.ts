import { parse } from '../hl7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hl7Messages, hl7ProcessingAttempts, hl7ResourceLinks, interopConnectors, tenants } from '../../db/schema';
import { createIdGenerator } from '../core/ids';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { httpTransport, ipcTransport, type TestTransport } from '../../test/support/api-transports';
import { freePort } from '../../test/support/free-port';
import { corpusMessage } from '../../test/support/mllp-feed';

/** One table of behaviours, run through both transports: the renderer must not know which it has. */
const transports: { name: string; make: (engine: TempEngine) => TestTransport }[] = [
  { name: 'http', make: (engine) => httpTransport(engine.url as string) },
  { name: 'ipc', make: (engine) => ipcTransport(engine) },
];

let seq = 0;
const newId = createIdGenerator();
const mllpInbound = (overrides: Record<string, unknown> = {}) => ({
  name: `Lab feed ${++seq}`,
  protocol: 'mllp',
  direction: 'inbound',
  port: 20000 + seq,
  messageTypes: ['ORU^R01'],
  ...overrides,
});
const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(transports)('API contract over $name', ({ make }) => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = make(engine);
  });
  afterAll(() => engine.dispose());

  it('shows the store and changes its store-wide settings with a version check, refusing a stale version with 409', async () => {
    const store = body(await api.call('store.overview', {}));
    expect(store).toMatchObject({ autoVacuum: 'incremental', intakeRefusingForDisk: false, settings: { maxStoreBytes: null, minFreeDiskBytes: 500 * 1024 * 1024 }, backups: { files: [] } });
    const changed = await api.call('store.updateSettings', { version: store.settings.version, maxStoreBytes: 64 * 1024 * 1024 });
    expect(changed.status).toBe(200);
    expect(body(changed)).toMatchObject({ maxStoreBytes: 64 * 1024 * 1024, version: store.settings.version + 1 });
    const stale = await api.call('store.updateSettings', { version: store.settings.version, maxStoreBytes: null });
    expect(stale.status).toBe(409);
    expect(body(stale).error.code).toBe('INTEROP_VERSION_CONFLICT');
    await api.call('store.updateSettings', { version: store.settings.version + 1, maxStoreBytes: null });
  });

  it('reports health with version and uptime', async () => {
    const answer = await api.call('system.health', {});
    expect(answer.status).toBe(200);
    expect(body(answer)).toMatchObject({ status: 'ok', version: expect.any(String), uptimeSeconds: expect.any(Number) });
  });

  it('answers 422 with field details for an invalid connector', async () => {
    const answer = await api.call('connectors.create', { name: '', protocol: 'smtp', direction: 'inbound', port: 70000, messageTypes: ['not a type'] });
    expect(answer.status).toBe(422);
    expect(body(answer).error.code).toBe('INTEROP_VALIDATION_FAILED');
    expect(Object.keys(body(answer).error.details.fields).sort()).toEqual(['messageTypes.0', 'name', 'port', 'protocol']);
  });

  it('applies cross-field rules: an MLLP connector needs a port, an outbound one a host, auth modes their keys', async () => {
    const answer = await api.call('connectors.create', { name: 'x', protocol: 'mllp', direction: 'outbound', authMode: 'basic', authConfig: { username: 'u' } });
    expect(answer.status).toBe(422);
    expect(body(answer).error.details.fields).toMatchObject({ port: [expect.any(String)], host: [expect.any(String)], authConfig: [expect.stringContaining('password')] });
  });

  it('requires a certificate and key for a TLS listener, and the client CA for client-cert authentication', async () => {
    const tls = await api.call('connectors.create', mllpInbound({ tlsEnabled: true }));
    expect(tls.status).toBe(422);
    expect(body(tls).error.details.fields.authConfig[0]).toContain('certificate, privateKey');
    const mtls = await api.call('connectors.create', mllpInbound({ tlsEnabled: true, authMode: 'client-cert', authConfig: { certificate: 'PEM', privateKey: 'PEM' } }));
    expect(body(mtls).error.details.fields.authConfig[0]).toContain('caCertificate');
  });

  it('fills default listener settings and changes only the settings an update names', async () => {
    const created = body(await api.call('connectors.create', mllpInbound()));
    expect(created.settings).toEqual({ ackMode: 'after-store', durability: 'FULL', maxFrameBytes: 16 * 1024 * 1024, maxConnections: 64, idleTimeoutSeconds: 600, mappingProfiles: {} });
    const updated = await api.call('connectors.update', { id: created.id, version: 1, settings: { durability: 'NORMAL' } });
    expect(body(updated).settings).toMatchObject({ durability: 'NORMAL', ackMode: 'after-store', maxConnections: 64 });
    const invalid = await api.call('connectors.update', { id: created.id, version: 2, settings: { maxConnections: 0 } });
    expect(invalid.status).toBe(422);
  });

  it('gives listener settings only to MLLP listeners: refuses them on an outbound FHIR connector, which takes only its base path (default /fhir)', async () => {
    const fhirOut = { name: `HIE out ${++seq}`, protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.hie.example', port: 443 };
    const refused = await api.call('connectors.create', { ...fhirOut, settings: { ackMode: 'never', maxFrameBytes: 2048 } });
    expect(refused.status).toBe(422);
    expect(Object.keys(body(refused).error.details.fields).sort()).toEqual(['settings.ackMode', 'settings.maxFrameBytes']);
    const created = body(await api.call('connectors.create', fhirOut));
    expect(created.settings).toEqual({ basePath: '/fhir' });
    expect(engine.store.sqlite.prepare('SELECT settings FROM interop_connectors WHERE id = ?').pluck().get(created.id)).toBe('{"basePath":"/fhir"}');
    expect((await api.call('connectors.update', { id: created.id, version: 1, settings: { durability: 'NORMAL' } })).status).toBe(422);
    expect((await api.call('connectors.update', { id: created.id, version: 1, settings: { basePath: 'no-slash' } })).status).toBe(422);
    expect(body(await api.call('connectors.update', { id: created.id, version: 1, settings: { basePath: '/baseR4' } })).settings).toEqual({ basePath: '/baseR4' });
    const inbound = body(await api.call('connectors.create', { ...fhirOut, name: `HIE in ${++seq}`, direction: 'inbound' }));
    expect(inbound.settings).toEqual({});
  });

  it('drops listener settings when a listener becomes an outbound connector (which takes sender defaults), and fills listener defaults when one becomes a listener', async () => {
    const created = body(await api.call('connectors.create', mllpInbound({ settings: { ackMode: 'never' } })));
    const outbound = body(await api.call('connectors.update', { id: created.id, version: 1, direction: 'outbound', host: 'ris.local', settings: { ackTimeoutSeconds: 10 } }));
    expect(outbound.settings).toEqual({ ackTimeoutSeconds: 10, onApplicationError: 'retry' });
    expect(JSON.parse(engine.store.sqlite.prepare('SELECT settings FROM interop_connectors WHERE id = ?').pluck().get(created.id) as string)).toEqual({ ackTimeoutSeconds: 10, onApplicationError: 'retry' });
    const back = body(await api.call('connectors.update', { id: created.id, version: 2, direction: 'bidirectional' }));
    expect(back.settings).toEqual({ ackMode: 'after-store', durability: 'FULL', maxFrameBytes: 16 * 1024 * 1024, maxConnections: 64, idleTimeoutSeconds: 600, mappingProfiles: {} });
  });

  it('masks only secret values: token URL, client id and user name are shown, client secret, password and private key are not', async () => {
    const oauth = body(await api.call('connectors.create', { name: `OAuth out ${++seq}`, protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.hie.example', port: 443, authMode: 'oauth2', authConfig: { tokenUrl: 'https://auth.hie.example/token', clientId: 'riverside', clientSecret: 'cl1ent-s3cret' } }));
    expect(oauth.authConfig).toEqual({ tokenUrl: 'https://auth.hie.example/token', clientId: 'riverside', clientSecret: '********' });
    const basic = body(await api.call('connectors.create', mllpInbound({ authMode: 'basic', authConfig: { username: 'lab', password: 'pa55-word' } })));
    expect(basic.authConfig).toEqual({ username: 'lab', password: '********' });
    const tls = body(await api.call('connectors.create', mllpInbound({ tlsEnabled: true, authConfig: { certificate: 'CERT-PEM', privateKey: 'KEY-PEM' } })));
    expect(tls.authConfig).toEqual({ certificate: 'CERT-PEM', privateKey: '********' });
    expect(JSON.stringify([oauth, basic, tls])).not.toMatch(/cl1ent-s3cret|pa55-word|KEY-PEM/);
    const stored = engine.store.sqlite.prepare('SELECT auth_config_cipher FROM interop_connectors WHERE id = ?').pluck().get(oauth.id) as string;
    expect(stored).not.toMatch(/riverside|cl1ent-s3cret|auth\.hie/);
  });

  it('creates a connector: 201, a CONN_ id, version 1, configured, secrets masked', async () => {
    const answer = await api.call('connectors.create', mllpInbound({ authMode: 'shared-secret', authConfig: { secret: 'tops3cret-value' } }));
    expect(answer.status).toBe(201);
    expect(body(answer)).toMatchObject({ id: expect.stringMatching(/^CONN_[0-9A-Z]{26}$/), version: 1, status: 'configured', authConfig: { secret: '********' } });
    expect(JSON.stringify(answer.body)).not.toContain('tops3cret-value');
  });

  it('answers 404 with the entity code for an unknown id and 422 for a malformed one', async () => {
    const missing = await api.call('connectors.get', { id: 'CONN_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.status).toBe(404);
    expect(body(missing).error.code).toBe('INTEROP_CONNECTOR_NOT_FOUND');
    const malformed = await api.call('connectors.get', { id: 'nope' });
    expect(malformed.status).toBe(422);
  });

  it('updates with the current version and refuses a stale one with 409', async () => {
    const created = body(await api.call('connectors.create', mllpInbound()));
    const updated = await api.call('connectors.update', { id: created.id, version: 1, host: 'lis.clinic.local', messageTypes: ['ORU^R01', 'ORM^O01'] });
    expect(updated.status).toBe(200);
    expect(body(updated)).toMatchObject({ version: 2, host: 'lis.clinic.local', messageTypes: ['ORU^R01', 'ORM^O01'] });
    const stale = await api.call('connectors.update', { id: created.id, version: 1, name: 'late edit' });
    expect(stale.status).toBe(409);
    expect(body(stale).error).toMatchObject({ code: 'INTEROP_VERSION_CONFLICT', details: { currentVersion: 2 } });
  });

  it('keeps a stored secret when the masked value is sent back, and replaces it when a new one is sent', async () => {
    const created = body(await api.call('connectors.create', mllpInbound({ authMode: 'basic', authConfig: { username: 'lab', password: 'first-pass' } })));
    const kept = await api.call('connectors.update', { id: created.id, version: 1, authConfig: { username: 'lab2', password: '********' } });
    expect(kept.status).toBe(200);
    expect(body(kept).authConfig).toEqual({ username: 'lab2', password: '********' });
    const dropped = await api.call('connectors.update', { id: created.id, version: 2, authConfig: { username: 'lab2' } });
    expect(dropped.status).toBe(422);
  });

  it('activates once; a second activate is 409 INTEROP_CONNECTOR_ALREADY_ACTIVE', async () => {
    const created = body(await api.call('connectors.create', mllpInbound({ host: '127.0.0.1', port: await freePort() })));
    const first = await api.call('connectors.activate', { id: created.id });
    expect(first.status).toBe(200);
    expect(body(first)).toMatchObject({ status: 'active', activatedAt: expect.any(String) });
    const second = await api.call('connectors.activate', { id: created.id });
    expect(second.status).toBe(409);
    expect(body(second).error.code).toBe('INTEROP_CONNECTOR_ALREADY_ACTIVE');
  });

  it('allows one active listener per host and port whatever the facility, and one other connector per facility, protocol, direction and port', async () => {
    const port = await freePort();
    const a = body(await api.call('connectors.create', mllpInbound({ host: '127.0.0.1', port, facilityId: `fac-${seq}` })));
    const b = body(await api.call('connectors.create', mllpInbound({ host: '127.0.0.1', port, facilityId: `other-${seq}` })));
    expect((await api.call('connectors.activate', { id: a.id })).status).toBe(200);
    const clash = await api.call('connectors.activate', { id: b.id });
    expect(clash.status).toBe(409);
    expect(body(clash).error).toMatchObject({ code: 'INTEROP_PORT_IN_USE', details: { heldBy: { connectorId: a.id } } });
    expect((await api.call('connectors.deactivate', { id: a.id })).status).toBe(200);
    expect((await api.call('connectors.activate', { id: b.id })).status).toBe(200);

    const outbound = (facilityId: string) => ({ name: `FHIR out ${++seq}`, protocol: 'fhir-rest', direction: 'outbound', host: 'ehr.example', port: 443, facilityId });
    const c = body(await api.call('connectors.create', outbound(`fac-${seq}`)));
    const d = body(await api.call('connectors.create', outbound(c.facilityId)));
    const e = body(await api.call('connectors.create', outbound(`other-${seq}`)));
    expect((await api.call('connectors.activate', { id: c.id })).status).toBe(200);
    const taken = await api.call('connectors.activate', { id: d.id });
    expect(taken.status).toBe(409);
    expect(body(taken).error).toMatchObject({ code: 'INTEROP_CONNECTOR_ALREADY_ACTIVE', details: { activeConnectorId: c.id } });
    expect((await api.call('connectors.activate', { id: e.id })).status).toBe(200);
  });

  it('follows the state machine: pause only when active, resume, deactivate, and delete only when not running', async () => {
    const created = body(await api.call('connectors.create', mllpInbound({ host: '127.0.0.1', port: await freePort() })));
    const badPause = await api.call('connectors.pause', { id: created.id });
    expect(badPause.status).toBe(409);
    expect(body(badPause).error.code).toBe('INTEROP_INVALID_STATE_TRANSITION');
    await api.call('connectors.activate', { id: created.id });
    expect(body(await api.call('connectors.pause', { id: created.id })).status).toBe('paused');
    const deleteRunning = await api.call('connectors.delete', { id: created.id });
    expect(deleteRunning.status).toBe(409);
    expect(body(deleteRunning).error.code).toBe('INTEROP_CONNECTOR_ACTIVE');
    expect(body(await api.call('connectors.activate', { id: created.id })).status).toBe('active');
    expect(body(await api.call('connectors.deactivate', { id: created.id })).status).toBe('inactive');
    expect((await api.call('connectors.delete', { id: created.id })).status).toBe(204);
    expect((await api.call('connectors.get', { id: created.id })).status).toBe(404);
  });

  it('lists with pagination and filters', async () => {
    const tag = `filter-${seq}`;
    for (let i = 0; i < 3; i++) await api.call('connectors.create', mllpInbound({ name: `${tag} ${i}` }));
    const page1 = body(await api.call('connectors.list', { q: tag, page: 1, pageSize: 2 }));
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.data).toHaveLength(2);
    const page2 = body(await api.call('connectors.list', { q: tag, page: 2, pageSize: 2 }));
    expect(page2.data).toHaveLength(1);
    const none = body(await api.call('connectors.list', { q: tag, status: 'active' }));
    expect(none.total).toBe(0);
    expect((await api.call('connectors.list', { pageSize: 501 })).status).toBe(422);
  });

  it('links connectors to external systems and refuses to delete a system still in use', async () => {
    const system = await api.call('externalSystems.create', { name: `LIS ${++seq}`, kind: 'lis' });
    expect(system.status).toBe(201);
    const id = body(system).id;
    expect(id).toMatch(/^EXT_/);
    await api.call('connectors.create', mllpInbound({ externalSystemId: id }));
    const children = body(await api.call('externalSystems.connectors', { id }));
    expect(children.total).toBe(1);
    const refused = await api.call('externalSystems.delete', { id });
    expect(refused.status).toBe(409);
    expect(body(refused).error.code).toBe('INTEROP_EXTERNAL_SYSTEM_IN_USE');
    const unknown = await api.call('connectors.create', mllpInbound({ externalSystemId: 'EXT_01ARZ3NDEKTSV4RRFFQ69G5FAV' }));
    expect(unknown.status).toBe(422);
    expect(body(unknown).error.details.fields.externalSystemId).toBeDefined();
  });

  it('answers an empty health-check history for a new connector', async () => {
    const created = body(await api.call('connectors.create', mllpInbound()));
    expect(body(await api.call('connectors.healthChecks', { id: created.id }))).toEqual({ data: [], page: 1, pageSize: 50, total: 0 });
  });

  it('tests a connector now, lists its alerts, and answers 404 for an unknown alert', async () => {
    const created = body(await api.call('connectors.create', { name: `Closed peer ${++seq}`, protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: await freePort(), settings: { monitoring: { alertThresholds: { consecutiveFailures: 1 } } } }));
    await api.call('connectors.activate', { id: created.id });
    const tested = await api.call('connectors.test', { id: created.id });
    expect(tested.status).toBe(200);
    expect(body(tested)).toMatchObject({ connectorId: created.id, status: 'unhealthy', consecutiveFailures: 1, reasonCode: 'MONITOR_CONNECT_FAILED' });
    const alerts = body(await api.call('alerts.list', { connectorId: created.id, status: 'open' }));
    expect(alerts).toMatchObject({ total: 1, data: [{ type: 'connection_failed', severity: 'error', status: 'open', connectorId: created.id, count: 1 }] });
    const id = alerts.data[0].id;
    expect(body(await api.call('alerts.acknowledge', { id }))).toMatchObject({ id, status: 'acknowledged' });
    expect(body(await api.call('alerts.resolve', { id }))).toMatchObject({ id, status: 'resolved', resolution: 'manual' });
    expect(body(await api.call('alerts.get', { id }))).toMatchObject({ id, status: 'resolved' });
    const missing = await api.call('alerts.get', { id: 'ALRT_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.status).toBe(404);
    expect(body(missing).error.code).toBe('INTEROP_ALERT_NOT_FOUND');
    await api.call('connectors.deactivate', { id: created.id });
  });

  it('refuses a duplicate connector name with 409', async () => {
    const input = mllpInbound();
    await api.call('connectors.create', input);
    const again = await api.call('connectors.create', { ...input, port: 1 });
    expect(again.status).toBe(409);
    expect(body(again).error.code).toBe('INTEROP_CONNECTOR_NAME_TAKEN');
  });

  it('answers 403 INTEROP_TENANT_MISMATCH for a row owned by another tenant', async () => {
    const now = Date.now();
    engine.store.db.insert(tenants).values({ id: 'TEN_OTHER', name: `Other ${seq}`, createdAt: now }).onConflictDoNothing().run();
    const id = `CONN_01ARZ3NDEKTSV4RRFFQ69G5F${String(seq++ % 10)}${api === undefined ? 'A' : 'B'}`;
    engine.store.db
      .insert(interopConnectors)
      .values({ id, tenantId: 'TEN_OTHER', name: id, protocol: 'mllp', direction: 'inbound', port: 1, tlsEnabled: false, authMode: 'none', messageTypes: [], settings: {}, status: 'configured', version: 1, createdAt: now, updatedAt: now })
      .run();
    const answer = await api.call('connectors.get', { id });
    expect(answer.status).toBe(403);
    expect(body(answer).error.code).toBe('INTEROP_TENANT_MISMATCH');
    expect(body(await api.call('connectors.list', { q: id })).total).toBe(0);
  });

  it('lists a message\'s linked FHIR resources, and shows each attempt\'s profile, unmapped data and rule errors', async () => {
    const connector = body(await api.call('connectors.create', mllpInbound()));
    const [messageId, attemptId] = [newId('MSG'), newId('ATT')];
    const now = Date.now();
    engine.store.db.insert(hl7Messages).values({ id: messageId, tenantId: engine.tenantId, connectorId: connector.id, direction: 'inbound', raw: Buffer.from('MSH|^~\\&|A|B|C|D|20260101||ORU^R01|1|P|2.5.1\r'), rawSize: 48, receivedAt: now, status: 'processed', accepted: true }).run();
    engine.store.db.insert(hl7ProcessingAttempts).values({ id: attemptId, tenantId: engine.tenantId, messageId, attemptNumber: 1, trigger: 'received', status: 'succeeded', startedAt: now, finishedAt: now, mapping: 'mapped', profileName: 'oru-default', profileVersion: 2, unmapped: [{ path: 'PID-13[2]', count: 1 }], ruleErrors: [{ ruleId: 'obx-5', source: 'OBX-5', target: 'valueQuantity', code: 'MAPPING_BAD_NUMBER', message: 'OBX-5 is not a number' }] }).run();
    for (const [resourceType, resourceId, action] of [['Patient', 'p-1', 'updated'], ['Observation', 'o-1', 'created']] as const) {
      engine.store.db.insert(hl7ResourceLinks).values({ id: newId('LNK'), tenantId: engine.tenantId, messageId, resourceType, resourceId, action, createdAt: now }).run();
    }
    const links = await api.call('hl7Messages.links', { id: messageId });
    expect(links.status).toBe(200);
    expect((links.body as { resourceType: string; resourceId: string; action: string }[]).map((l) => [l.resourceType, l.resourceId, l.action])).toEqual([['Patient', 'p-1', 'updated'], ['Observation', 'o-1', 'created']]);
    expect(body(await api.call('hl7Messages.get', { id: messageId })).attempts[0]).toMatchObject({ mapping: 'mapped', profile: { name: 'oru-default', version: 2 }, unmapped: [{ path: 'PID-13[2]', count: 1 }], ruleErrors: [{ ruleId: 'obx-5', code: 'MAPPING_BAD_NUMBER' }] });
    const missing = await api.call('hl7Messages.links', { id: newId('MSG') });
    expect([missing.status, body(missing).error.code]).toEqual([404, 'INTEROP_HL7_MESSAGE_NOT_FOUND']);
  });

  it('converts an HL7 v2 message to the codec\'s JSON or the viewer\'s segment tree without storing it, and answers a message that does not parse with 422 under the codec\'s code', async () => {
    const json = await api.call('convert.hl7ToJson', { message: 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|CV-1|P|2.5.1\rPID|1||42^^^H^MR\r' });
    expect(json.status).toBe(200);
    expect(body(json)).toMatchObject({ header: { messageType: 'ORU^R01', controlId: 'CV-1' }, segments: [{ id: 'MSH' }, { id: 'PID' }] });
    const tree = await api.call('convert.hl7ToJson', { message: 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|CV-1|P|2.5.1\rPID|1||42^^^H^MR\r', view: 'segments' });
    expect(body(tree)).toMatchObject({ version: '2.5.1', parseError: null, segments: [{ id: 'MSH' }, { id: 'PID', name: 'Patient Identification', fields: expect.arrayContaining([expect.objectContaining({ label: 'PID-3', name: 'Patient Identifier List' })]) }] });
    expect(body(await api.call('convert.hl7ToJson', { message: 'PID|1||42\r', view: 'segments' }))).toMatchObject({ segments: [], parseError: { code: 'HL7_NO_MSH' } });
    for (const op of ['convert.hl7ToJson', 'convert.hl7ToFhir'] as const) {
      const bad = await api.call(op, { message: 'PID|1||42\r' });
      expect([op, bad.status, body(bad).error.code]).toEqual([op, 422, 'HL7_NO_MSH']);
    }
    expect((await api.call('convert.hl7ToFhir', { message: '' })).status).toBe(422);
    expect(engine.store.sqlite.prepare('SELECT count(*) FROM hl7_messages WHERE message_control_id = ?').pluck().get('CV-1')).toBe(0);
  });

  it('converts a corpus ORU^R01 to the transaction Bundle processing would commit, with its profile and unmapped data, storing nothing', async () => {
    const answer = await api.call('convert.hl7ToFhir', { message: corpusMessage('msfc_LAB-ORU-1.hl7') });
    expect(answer.status).toBe(200);
    const { bundle, unmapped, errors, profile } = body(answer);
    expect([bundle.resourceType, bundle.type]).toEqual(['Bundle', 'transaction']);
    expect(bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'DiagnosticReport', 'Observation']));
    expect(profile).toEqual({ name: expect.any(String), version: expect.any(Number), id: expect.stringMatching(/^HMP_/) });
    expect([Array.isArray(unmapped), Array.isArray(errors)]).toEqual([true, true]);
    expect((await fetch(`${engine.url}fhir/R4/Patient?identifier=10006579`).then((r) => r.json())).total).toBe(0);
  });

  it('answers 422 INTEROP_NO_MAPPING_PROFILE for a message type no mapping profile converts', async () => {
    const answer = await api.call('convert.hl7ToFhir', { message: 'MSH|^~\\&|LAB|F|EHR|F|20260101||QRY^A19|CV-2|P|2.5.1\r' });
    expect([answer.status, body(answer).error.code, body(answer).error.details]).toEqual([422, 'INTEROP_NO_MAPPING_PROFILE', { messageType: 'QRY^A19' }]);
  });

  it('converts a FHIR Patient to an ADT message (A08 by default, A04 when asked) that our codec reads back, storing nothing', async () => {
    const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: 'CT-9' }], name: [{ family: 'Contract', given: ['Case'] }], gender: 'female', birthDate: '1970-05-06' };
    const update = await api.call('convert.fhirToHl7', { resource: patient, controlId: 'CT-CTRL' });
    expect(update.status).toBe(200);
    const message = parse(body(update).message as string);
    expect([message.header.messageType.split('^').slice(0, 2).join('^'), message.header.controlId, message.get('PID-5.1'), message.get('PID-8')]).toEqual(['ADT^A08', 'CT-CTRL', 'Contract', 'F']);
    const registration = await api.call('convert.fhirToHl7', { resource: patient, messageType: 'ADT^A04' });
    expect(parse(body(registration).message as string).header.triggerEvent).toBe('A04');
    const uncovered = await api.call('convert.fhirToHl7', { resource: { resourceType: 'Organization', name: 'Acme' } });
    expect([uncovered.status, body(uncovered).error.code]).toEqual([422, 'INTEROP_NO_MAPPING_PROFILE']);
    expect((await fetch(`${engine.url}fhir/R4/Patient?identifier=CT-9`).then((r) => r.json())).total).toBe(0);
  });

  it('browses the FHIR store through the console operations: search, read, history, validate', async () => {
    const family = `Browse${seq++}`;
    const created = await (await fetch(`${engine.url}fhir/R4/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', name: [{ family }] }) })).json();
    const found = await api.call('fhir.search', { resourceType: 'Patient', query: `family=${family}` });
    expect(found.status).toBe(200);
    expect(body(found)).toMatchObject({ resourceType: 'Bundle', total: 1 });
    expect(body(await api.call('fhir.read', { resourceType: 'Patient', id: created.id }))).toMatchObject({ id: created.id });
    expect(body(await api.call('fhir.history', { resourceType: 'Patient', id: created.id })).total).toBe(1);
    const invalid = await api.call('fhir.validate', { resourceType: 'Patient', resource: { resourceType: 'Patient', birthDate: 'soon' } });
    expect(body(invalid).issue[0]).toMatchObject({ severity: 'error', expression: ['Patient.birthDate'] });
    const missing = await api.call('fhir.read', { resourceType: 'Patient', id: 'nope' });
    expect(missing.status).toBe(404);
    expect(body(missing).error).toMatchObject({ code: 'FHIR_NOT_FOUND', details: { outcome: { resourceType: 'OperationOutcome' } } });
    const unknownParam = await api.call('fhir.search', { resourceType: 'Patient', query: 'shoe=1' });
    expect(unknownParam.status).toBe(422);
    expect(body(unknownParam).error).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_PARAMETER', details: { param: 'shoe', outcome: { issue: [{ code: 'invalid', expression: ['shoe'] }] } } });
    await fetch(`${engine.url}fhir/R4/Patient/${created.id}`, { method: 'DELETE' });
    const deleted = await api.call('fhir.read', { resourceType: 'Patient', id: created.id });
    expect(deleted.status).toBe(410);
    expect(body(deleted).error.code).toBe('FHIR_DELETED');
  });

  it('manages FHIR routing rules with one active primary rule per resource type and category', async () => {
    const type = `Observation${String.fromCharCode(65 + (seq++ % 26))}x`;
    const first = await api.call('fhirRoutingRules.create', { resourceType: type, category: 'laboratory', target: 'upstream', serviceUrl: 'https://ehr.example/fhir' });
    expect(first.status).toBe(201);
    expect(body(first)).toMatchObject({ id: expect.stringMatching(/^RR_/), isPrimary: true, status: 'active', version: 1 });
    const clash = await api.call('fhirRoutingRules.create', { resourceType: type, category: 'laboratory', target: 'local' });
    expect(clash.status).toBe(409);
    expect(body(clash).error.code).toBe('INTEROP_ROUTING_PRIMARY_EXISTS');
    expect((await api.call('fhirRoutingRules.create', { resourceType: type, target: 'upstream' })).status).toBe(422);
    const demoted = await api.call('fhirRoutingRules.update', { id: body(first).id, version: 1, status: 'inactive' });
    expect(body(demoted).status).toBe('inactive');
    expect((await api.call('fhirRoutingRules.create', { resourceType: type, category: 'laboratory', target: 'local' })).status).toBe(201);
    expect(body(await api.call('fhirRoutingRules.list', { resourceType: type })).total).toBe(2);
    expect((await api.call('fhirRoutingRules.delete', { id: body(first).id })).status).toBe(204);
  });

  it('refuses a FHIR export of an unknown resource type or a Group export without its group (422), and answers 404 for an unknown export or group', async () => {
    const unknownType = await api.call('fhirExports.start', { types: ['Patient', 'Patinet'] });
    expect(unknownType.status).toBe(422);
    expect(body(unknownType).error.details.fields).toEqual({ 'types.1': ['Patinet is not an R4 resource type'] });
    const noGroup = await api.call('fhirExports.start', { level: 'group' });
    expect(noGroup.status).toBe(422);
    expect(Object.keys(body(noGroup).error.details.fields)).toEqual(['groupId']);
    expect((await api.call('fhirExports.start', { since: 'yesterday' })).status).toBe(422);
    expect((await api.call('fhirExports.start', { level: 'group', groupId: 'nobody' })).status).toBe(404);
    const missing = await api.call('fhirExports.get', { id: 'BEX_01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.status).toBe(404);
    expect(body(missing).error.code).toBe('FHIR_NOT_FOUND');
    expect((await api.call('fhirExports.cancel', { id: 'BEX_01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(404);
  });
});
