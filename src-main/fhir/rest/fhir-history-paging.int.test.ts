import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
interface HistoryPage {
  total: number;
  link?: { relation: string; url: string }[];
  entry: { response: { etag: string } }[];
}

describe('FHIR history pages link to each other like search pages (R4 http.html#history)', () => {
  let engine: TempEngine;
  let base: string;
  const page = async (url: string): Promise<HistoryPage> => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return (await response.json()) as HistoryPage;
  };
  const linkOf = (p: HistoryPage, relation: string) => p.link?.find((l) => l.relation === relation)?.url;
  beforeAll(async () => {
    engine = await startTempEngine();
    base = `${engine.url}fhir/R4`;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('walks an instance history of five versions two at a time through next, and back through previous', async () => {
    for (let i = 0; i < 5; i += 1) {
      const body = JSON.stringify({ resourceType: 'Observation', id: 'paged', status: 'final', code: { text: 'heart rate' }, valueQuantity: { value: 70 + i } });
      expect((await fetch(`${base}/Observation/paged`, { method: 'PUT', headers: FHIR_JSON, body })).status).toBeLessThan(300);
    }
    const first = await page(`${base}/Observation/paged/_history?_count=2`);
    expect(first.entry.map((e) => e.response.etag)).toEqual(['W/"5"', 'W/"4"']);
    expect(linkOf(first, 'self')).toBe(`${base}/Observation/paged/_history?_count=2&_offset=0`);
    expect(linkOf(first, 'previous')).toBeUndefined();
    const second = await page(linkOf(first, 'next') as string);
    expect(second.entry.map((e) => e.response.etag)).toEqual(['W/"3"', 'W/"2"']);
    const last = await page(linkOf(second, 'next') as string);
    expect(last.entry.map((e) => e.response.etag)).toEqual(['W/"1"']);
    expect(linkOf(last, 'next')).toBeUndefined();
    expect((await page(linkOf(last, 'previous') as string)).entry.map((e) => e.response.etag)).toEqual(['W/"3"', 'W/"2"']);
    const countOnly = await page(`${base}/Observation/paged/_history?_count=0&_offset=2`);
    expect(countOnly.link?.map((l) => l.relation)).toEqual(['self']);
  });

  it('applies _since and _count to an instance history too, and answers an empty history for a resource unchanged since', async () => {
    const lastUpdated: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const body = JSON.stringify({ resourceType: 'Observation', id: 'since', status: 'final', code: { text: 'heart rate' }, valueQuantity: { value: 60 + i } });
      const response = await fetch(`${base}/Observation/since`, { method: 'PUT', headers: FHIR_JSON, body });
      lastUpdated.push(((await response.json()) as { meta: { lastUpdated: string } }).meta.lastUpdated);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const afterFirst = encodeURIComponent(new Date(Date.parse(lastUpdated[0] as string) + 1).toISOString());
    const since = await page(`${base}/Observation/since/_history?_since=${afterFirst}`);
    expect(since.total).toBe(2);
    expect(since.entry.map((e) => e.response.etag)).toEqual(['W/"3"', 'W/"2"']);
    expect((await page(`${base}/Observation/since/_history?_since=${afterFirst}&_count=1`)).entry.map((e) => e.response.etag)).toEqual(['W/"3"']);
    const later = encodeURIComponent(new Date(Date.parse(lastUpdated[2] as string) + 1).toISOString());
    const none = await page(`${base}/Observation/since/_history?_since=${later}`);
    expect(none.total).toBe(0);
    expect((await fetch(`${base}/Observation/never/_history?_since=${later}`)).status).toBe(404);
    expect((await fetch(`${base}/Observation/since/_history?_since=yesterday`)).status).toBe(400);
  });

  it('links the type and system histories too, keeping _since', async () => {
    const type = await page(`${base}/Observation/_history?_since=2000-01-01T00:00:00Z&_count=1`);
    expect(linkOf(type, 'next')).toBe(`${base}/Observation/_history?_since=2000-01-01T00%3A00%3A00Z&_count=1&_offset=1`);
    const system = await page(`${base}/_history?_count=1`);
    expect(linkOf(system, 'next')).toBe(`${base}/_history?_count=1&_offset=1`);
  });

  it('names in each history entry the method that wrote the version: a resource created by PUT with its id was not POSTed', async () => {
    const put = (body: object) => fetch(`${base}/Patient/put-made`, { method: 'PUT', headers: FHIR_JSON, body: JSON.stringify({ resourceType: 'Patient', id: 'put-made', ...body }) });
    expect((await put({ gender: 'male' })).status).toBe(201);
    expect((await put({ gender: 'female' })).status).toBe(200);
    expect((await fetch(`${base}/Patient/put-made`, { method: 'DELETE' })).status).toBe(204);
    expect((await put({ gender: 'other' })).status).toBe(201);
    const posted = (await (await fetch(`${base}/Patient`, { method: 'POST', headers: FHIR_JSON, body: JSON.stringify({ resourceType: 'Patient' }) })).json()) as { id: string };
    const history = (await page(`${base}/Patient/put-made/_history`)) as unknown as { entry: { request: { method: string; url: string } }[] };
    expect(history.entry.map((e) => e.request)).toEqual(['PUT', 'DELETE', 'PUT', 'PUT'].map((method) => ({ method, url: 'Patient/put-made' })));
    const postedHistory = (await page(`${base}/Patient/${posted.id}/_history`)) as unknown as { entry: { request: { method: string } }[] };
    expect(postedHistory.entry.map((e) => e.request.method)).toEqual(['POST']);
  });
});
