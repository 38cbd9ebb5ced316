import { describe, expect, it } from 'vitest';
import { createChannelEngineClient } from './channel-engine-client';
import type { CallMessage } from './protocol';

/** A client with time run by hand. */
function harness(waitMs = 1_000) {
  const timers: { run: () => void; cancelled: boolean }[] = [];
  const client = createChannelEngineClient({
    waitMs,
    schedule: (_delayMs, run) => {
      const timer = { run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const sent: CallMessage[] = [];
  const elapse = () => timers.filter((t) => !t.cancelled).forEach((t) => t.run());
  return { client, sent, send: (message: CallMessage) => void sent.push(message), elapse };
}

const unavailable = { ok: false, status: 503, error: expect.objectContaining({ code: 'INTEROP_ENGINE_UNAVAILABLE' }) };

describe('engine channel client', () => {
  it('sends calls to the connected engine and answers each with its own result', async () => {
    const { client, sent, send } = harness();
    client.connect(send);
    const first = client.call('system.health', {});
    const second = client.call('connectors.list', { pageSize: 5 });
    expect(sent.map((m) => [m.name, m.input])).toEqual([['system.health', {}], ['connectors.list', { pageSize: 5 }]]);
    client.receive({ type: 'result', id: sent[1]!.id, result: { ok: true, value: 'list' } });
    client.receive({ type: 'result', id: sent[0]!.id, result: { ok: true, value: 'health' } });
    expect(await first).toEqual({ ok: true, value: 'health' });
    expect(await second).toEqual({ ok: true, value: 'list' });
  });

  it('answers a call in flight with 503 at once when the engine process ends', async () => {
    const { client, send } = harness();
    client.connect(send);
    const call = client.call('system.health', {});
    client.disconnect();
    expect(await call).toEqual(unavailable);
  });

  it('holds a call made while no engine serves until the next one is ready', async () => {
    const { client, sent, send } = harness();
    const call = client.call('system.health', {});
    expect(sent).toEqual([]);
    client.connect(send);
    client.receive({ type: 'result', id: sent[0]!.id, result: { ok: true, value: 'health' } });
    expect(await call).toEqual({ ok: true, value: 'health' });
  });

  it('answers 503 when no engine comes within the wait, instead of hanging', async () => {
    const { client, elapse } = harness();
    const call = client.call('system.health', {});
    elapse();
    expect(await call).toEqual(unavailable);
  });

  it('answers waiting and new calls with 503 once closed', async () => {
    const { client, send } = harness();
    const waiting = client.call('system.health', {});
    client.close();
    expect(await waiting).toEqual(unavailable);
    client.connect(send);
    expect(await client.call('system.health', {})).toEqual(unavailable);
  });

  it('answers 503 when the port refuses the message', async () => {
    const { client } = harness();
    client.connect(() => {
      throw new Error('channel closed');
    });
    expect(await client.call('system.health', {})).toEqual(unavailable);
  });

  it('passes change events to every listener, across reconnects, until unsubscribed', () => {
    const { client, send } = harness();
    const seen: string[] = [];
    const off = client.onChange((change) => seen.push(change.topic));
    client.connect(send);
    client.receive({ type: 'change', change: { topic: 'connectors' } });
    client.disconnect();
    client.connect(send);
    client.receive({ type: 'change', change: { topic: 'alerts' } });
    off();
    client.receive({ type: 'change', change: { topic: 'jobs' } });
    expect(seen).toEqual(['connectors', 'alerts']);
  });
});
