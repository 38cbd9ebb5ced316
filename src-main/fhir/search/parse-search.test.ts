import { describe, expect, it } from 'vitest';
import { parseSearch } from './parse-search';
import { AppError } from '../../core/errors';
import type { SearchRequest } from './search-request';

const ms = (iso: string): number => Date.parse(iso);

function parsed(resourceType: string, params: [string, string][]): SearchRequest {
  const result = parseSearch(resourceType, params);
  if (result instanceof AppError) throw result;
  return result;
}

function failure(resourceType: string, params: [string, string][]): AppError {
  const result = parseSearch(resourceType, params);
  if (!(result instanceof AppError)) throw new Error('expected an AppError');
  return result;
}

describe('parseSearch', () => {
  it('defaults to 20 results from offset 0 and no filters', () => {
    expect(parsed('Patient', [])).toEqual({ resourceType: 'Patient', filters: [], sort: [], count: 20, offset: 0, include: [], revinclude: [], ignored: [] });
  });

  it('reads token values with and without a system', () => {
    const { filters } = parsed('Patient', [['identifier', 'urn:oid:1|123,|456,urn:oid:2|,789']]);
    expect(filters).toEqual([
      {
        kind: 'match',
        param: 'identifier',
        table: 'token',
        not: false,
        anyOf: [
          { kind: 'token', system: 'urn:oid:1', code: '123' },
          { kind: 'token', system: null, code: '456' },
          { kind: 'token', system: 'urn:oid:2' },
          { kind: 'token', code: '789' },
        ],
      },
    ]);
  });

  it('keeps escaped commas and bars inside a value', () => {
    const { filters } = parsed('Patient', [['family', 'a\\,b,c'], ['identifier', 'sys|a\\|b']]);
    expect(filters[0]).toMatchObject({ anyOf: [{ kind: 'string', value: 'a,b' }, { kind: 'string', value: 'c' }] });
    expect(filters[1]).toMatchObject({ anyOf: [{ kind: 'token', system: 'sys', code: 'a|b' }] });
  });

  it('ANDs a repeated parameter', () => {
    expect(parsed('Observation', [['code', 'a'], ['code', 'b']]).filters).toHaveLength(2);
  });

  it('reads string modifiers, normalizing all but :exact', () => {
    const { filters } = parsed('Patient', [['family', 'Müller'], ['given:exact', 'Zoë'], ['name:contains', 'EUV']]);
    expect(filters.map((f) => (f.kind === 'match' ? f.anyOf[0] : undefined))).toEqual([
      { kind: 'string', match: 'startsWith', value: 'muller' },
      { kind: 'string', match: 'exact', value: 'Zoë' },
      { kind: 'string', match: 'contains', value: 'euv' },
    ]);
  });

  it('reads :not, :text and :missing on tokens', () => {
    const { filters } = parsed('Observation', [['status:not', 'final'], ['code:text', 'Glucose'], ['category:missing', 'true']]);
    expect(filters).toEqual([
      { kind: 'match', param: 'status', table: 'token', not: true, anyOf: [{ kind: 'token', code: 'final' }] },
      { kind: 'match', param: 'code', table: 'token', not: false, anyOf: [{ kind: 'tokenText', text: 'glucose' }] },
      { kind: 'missing', param: 'category', table: 'token', missing: true },
    ]);
  });

  it('reads date prefixes and precision as a range', () => {
    const { filters } = parsed('Patient', [['birthdate', 'ge1980-03'], ['birthdate', '1980']]);
    expect(filters).toEqual([
      { kind: 'match', param: 'birthdate', table: 'date', not: false, anyOf: [{ kind: 'date', prefix: 'ge', start: ms('1980-03-01T00:00:00Z'), end: ms('1980-03-31T23:59:59.999Z') }] },
      { kind: 'match', param: 'birthdate', table: 'date', not: false, anyOf: [{ kind: 'date', prefix: 'eq', start: ms('1980-01-01T00:00:00Z'), end: ms('1980-12-31T23:59:59.999Z') }] },
    ]);
  });

  it('reads quantities with prefix, system and code and the precision of the number', () => {
    const { filters } = parsed('Observation', [['value-quantity', 'gt5.4|http://unitsofmeasure.org|mg'], ['value-quantity', '100||mg']]);
    expect(filters[0]).toMatchObject({ anyOf: [{ kind: 'number', prefix: 'gt', value: 5.4, system: 'http://unitsofmeasure.org', code: 'mg' }] });
    expect(filters[1]).toMatchObject({ anyOf: [{ kind: 'number', prefix: 'eq', value: 100, low: 99.5, high: 100.5, code: 'mg' }] });
    expect(filters[1]).not.toHaveProperty('anyOf.0.system');
  });

  it('reads references as Type/id, as a bare id of the only target type, and as a URL', () => {
    const { filters } = parsed('Observation', [['patient', 'Patient/1,2'], ['subject', '3'], ['subject:Patient', '4'], ['performer', 'http://x.org/fhir/Practitioner/5']]);
    expect(filters.map((f) => (f.kind === 'match' ? f.anyOf : []))).toEqual([
      [
        { kind: 'reference', targetType: 'Patient', targetId: '1' },
        { kind: 'reference', targetType: 'Patient', targetId: '2' },
      ],
      [{ kind: 'reference', targetId: '3' }],
      [{ kind: 'reference', targetType: 'Patient', targetId: '4' }],
      [{ kind: 'reference', url: 'http://x.org/fhir/Practitioner/5' }],
    ]);
  });

  it('reads a chain through the only target type or a named one', () => {
    expect(parsed('Observation', [['patient.identifier', 'sys|1']]).filters).toEqual([
      {
        kind: 'chain',
        param: 'patient',
        links: [{ targetType: 'Patient', filter: { kind: 'match', param: 'identifier', table: 'token', not: false, anyOf: [{ kind: 'token', system: 'sys', code: '1' }] } }],
      },
    ]);
    expect(parsed('Observation', [['subject:Patient.name:exact', 'Pieter']]).filters[0]).toMatchObject({ links: [{ targetType: 'Patient', filter: { anyOf: [{ match: 'exact' }] } }] });
  });

  it('chains through every target type that has the chained parameter', () => {
    const [chain] = parsed('Observation', [['subject.name', 'x']]).filters;
    if (chain?.kind !== 'chain') throw new Error('expected a chain');
    expect(chain.links.length).toBeGreaterThan(1);
    expect(chain.links.map((l) => l.targetType)).toContain('Patient');
    expect(chain.links.every((l) => l.filter.param === 'name' && l.filter.table === 'string')).toBe(true);
  });

  it('reads _id and _lastUpdated', () => {
    const { filters } = parsed('Patient', [['_id', 'a,b'], ['_lastUpdated', 'lt2024-01-01']]);
    expect(filters).toEqual([
      { kind: 'match', param: '_id', table: 'token', not: false, anyOf: [{ kind: 'token', code: 'a' }, { kind: 'token', code: 'b' }] },
      { kind: 'match', param: '_lastUpdated', table: 'date', not: false, anyOf: [{ kind: 'date', prefix: 'lt', start: ms('2024-01-01T00:00:00Z'), end: ms('2024-01-01T23:59:59.999Z') }] },
    ]);
  });

  it('reads result parameters', () => {
    const request = parsed('Observation', [
      ['_count', '5000'],
      ['_offset', '40'],
      ['_sort', '-date,code,_lastUpdated'],
      ['_summary', 'count'],
      ['_elements', 'id,status'],
      ['_total', 'accurate'],
      ['_include', 'Observation:patient'],
      ['_include:iterate', 'Patient:organization:Organization'],
      ['_revinclude', 'DiagnosticReport:result'],
    ]);
    expect(request).toMatchObject({
      count: 1000,
      offset: 40,
      sort: [
        { param: 'date', table: 'date', descending: true },
        { param: 'code', table: 'token', descending: false },
        { param: '_lastUpdated', table: 'date', descending: false },
      ],
      summary: 'count',
      elements: ['id', 'status'],
      include: [
        { direction: 'include', sourceType: 'Observation', params: ['patient'], iterate: false },
        { direction: 'include', sourceType: 'Patient', params: ['organization'], targetType: 'Organization', iterate: true },
      ],
      revinclude: [{ direction: 'revinclude', sourceType: 'DiagnosticReport', params: ['result'], iterate: false }],
    });
  });

  it('expands _include=* to every reference parameter of the type', () => {
    const [include] = parsed('Specimen', [['_include', '*']]).include;
    expect(include?.params).toEqual(expect.arrayContaining(['patient', 'subject', 'collector', 'parent']));
  });

  it('marks unknown parameters so a lenient caller can skip them', () => {
    const error = failure('Patient', [['favourite-colour', 'blue']]);
    expect(error).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_PARAMETER', details: { param: 'favourite-colour', unknown: true } });
    expect(error.message).toContain('favourite-colour');
  });

  it('skips unknown and unsupported parameters when lenient, naming them, and still refuses bad values', () => {
    const lenient = parseSearch('Observation', [['favourite-colour', 'blue'], ['status', 'final'], ['subject.favourite-colour', 'x'], ['component-code-value-quantity', 'x$5'], ['favourite-colour', 'red']], 'lenient');
    expect(lenient).toMatchObject({ ignored: ['favourite-colour', 'subject.favourite-colour', 'component-code-value-quantity'], filters: [{ param: 'status' }] });
    expect(parseSearch('Patient', [['birthdate', 'last-tuesday']], 'lenient')).toMatchObject({ code: 'FHIR_SEARCH_INVALID_VALUE' });
    expect(parseSearch('Patient', [['favourite-colour', 'blue']])).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_PARAMETER' });
  });

  it.each<[string, string, [string, string][], string]>([
    ['a bad date', 'Patient', [['birthdate', 'last-tuesday']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['a bad number', 'Observation', [['value-quantity', 'lots']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['the ap prefix', 'Patient', [['birthdate', 'ap2020']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['a modifier the type lacks', 'Patient', [['birthdate:exact', '2020']], 'FHIR_SEARCH_UNSUPPORTED_MODIFIER'],
    ['a reference type the parameter cannot hold', 'Observation', [['patient', 'Device/1']], 'FHIR_SEARCH_INVALID_VALUE'],
    [':missing without true or false', 'Patient', [['gender:missing', 'yes']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['a two-level chain', 'Observation', [['patient.organization.name', 'x']], 'FHIR_SEARCH_INVALID_CHAIN'],
    ['a chain on a token', 'Observation', [['status.name', 'x']], 'FHIR_SEARCH_INVALID_CHAIN'],
    ['a negative _count', 'Observation', [['_count', '-1']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['a fractional _offset', 'Observation', [['_offset', '1.5']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['an unknown _summary', 'Observation', [['_summary', 'short']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['sorting by a reference', 'Observation', [['_sort', 'patient']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['an _include from another type', 'Observation', [['_include', 'Patient:organization']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['an _include of a non-reference', 'Observation', [['_include', 'Observation:code']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['an empty value', 'Patient', [['gender', '']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['an unknown _total', 'Observation', [['_total', 'bogus']], 'FHIR_SEARCH_INVALID_VALUE'],
    ['more than 20 sort keys', 'Observation', [['_sort', Array.from({ length: 21 }, () => 'date').join(',')]], 'FHIR_SEARCH_INVALID_VALUE'],
  ])('rejects %s with the offending parameter', (_case, resourceType, params, code) => {
    const error = failure(resourceType, params);
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ param: params[0]?.[0], unknown: false });
  });

  it("reads a reference under the server's own base as local, and any other absolute one as a URL", () => {
    const base = 'http://127.0.0.1:8080/fhir/R4';
    const request = parseSearch('Observation', [['subject', `${base}/Patient/p1`], ['performer', 'http://elsewhere.example/fhir/Practitioner/d1']], 'strict', base);
    expect(request).toMatchObject({
      filters: [
        { param: 'subject', anyOf: [{ kind: 'reference', targetType: 'Patient', targetId: 'p1' }] },
        { param: 'performer', anyOf: [{ kind: 'reference', url: 'http://elsewhere.example/fhir/Practitioner/d1' }] },
      ],
    });
  });

  it('accepts each _total mode FHIR defines', () => {
    for (const mode of ['none', 'estimate', 'accurate']) expect(parseSearch('Observation', [['_total', mode]])).not.toBeInstanceOf(AppError);
  });

  it('names the common parameters it does not implement as unsupported, skipped when lenient', () => {
    const text = failure('Observation', [['_text', 'glucose']]);
    expect(text).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_PARAMETER', details: { param: '_text', unknown: true } });
    expect(text.message).toBe('_text: searching the narrative (_text) is not supported');
    expect(parseSearch('Observation', [['_content', 'x']], 'lenient')).toMatchObject({ ignored: ['_content'], filters: [] });
  });

  it('reads a composite of the resource itself into AND-ed parts per OR-ed value, and refuses those of repeating elements', () => {
    expect(parseSearch('Observation', [['code-value-quantity', 'http://loinc.org|8480-6$gt100|http://unitsofmeasure.org|mm[Hg],8462-4$lt60']])).toMatchObject({
      filters: [
        {
          kind: 'composite',
          param: 'code-value-quantity',
          anyOf: [
            [{ param: 'code', anyOf: [{ kind: 'token', system: 'http://loinc.org', code: '8480-6' }] }, { param: 'value-quantity', anyOf: [{ kind: 'number', prefix: 'gt', value: 100, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }] }],
            [{ param: 'code', anyOf: [{ code: '8462-4' }] }, { param: 'value-quantity', anyOf: [{ prefix: 'lt', value: 60 }] }],
          ],
        },
      ],
    });
    expect(parseSearch('Observation', [['code-value-concept', 'http://loinc.org|94500-6$http://snomed.info/sct|260373001']])).toMatchObject({ filters: [{ anyOf: [[{ param: 'code' }, { param: 'value-concept' }]] }] });
    expect(failure('Observation', [['code-value-quantity', '8480-6']]).message).toBe('code-value-quantity: "8480-6" needs 2 values joined by $ (code$value-quantity)');
    expect(failure('Observation', [['code-value-quantity', '8480-6$big']]).message).toMatch(/^code-value-quantity: "big" does not start with a number/);
    expect(failure('Observation', [['code-value-quantity:exact', 'a$1']]).message).toMatch(/:exact modifier is not supported/);
    const component = failure('Observation', [['component-code-value-quantity', '8480-6$gt100']]);
    expect(component).toMatchObject({ details: { unknown: true } });
    expect(component.message).toMatch(/repeating element \(Observation\.component\)/);
  });

  it('reads _has (one level of reverse chaining) into the referring type, its reference parameter and a filter on it', () => {
    expect(parseSearch('Patient', [['_has:Observation:patient:code', 'http://loinc.org|1234-5,9999-9']])).toMatchObject({
      filters: [{ kind: 'has', sourceType: 'Observation', param: 'patient', filter: { kind: 'match', param: 'code', table: 'token', anyOf: [{ system: 'http://loinc.org', code: '1234-5' }, { code: '9999-9' }] } }],
    });
    expect(parseSearch('Encounter', [['_has:Condition:encounter:code:text', 'asthma']])).toMatchObject({ filters: [{ kind: 'has', filter: { anyOf: [{ kind: 'tokenText', text: 'asthma' }] } }] });
    const refused: [string, string, RegExp][] = [
      ['Patient', '_has:Observation:patient', /write it _has:\[type\]:\[reference parameter\]:\[parameter\]/],
      ['Patient', '_has:Observation:code:code', /Observation:code is not a reference parameter/],
      ['Patient', '_has:Observation:encounter:code', /Observation:encounter cannot refer to Patient/],
      ['Patient', '_has:Observation:patient:_has:Provenance:target:agent', /only one level of _has/],
      ['Patient', '_has:Observation:patient:subject.name', /only one level of _has/],
      ['Patient', '_has:Observation:patient:code:missing', /:missing cannot be used inside _has/],
    ];
    for (const [type, name, message] of refused) expect(failure(type, [[name, name.endsWith(':missing') ? 'true' : 'x']]).message).toMatch(message);
    expect(failure('Patient', [['_has:Wizard:patient:code', 'x']])).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_PARAMETER', details: { unknown: true } });
    expect(failure('Patient', [['_has:Observation:patient:shoe', 'x']]).message).toMatch(/Observation has no search parameter "shoe"/);
  });

  it('rejects a resource type it does not know', () => {
    expect(failure('Wizard', [])).toMatchObject({ code: 'FHIR_SEARCH_UNKNOWN_TYPE' });
  });
});
