import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { parseSearch, type SearchRequest } from '../../fhir/search';
import { buildSearchSql } from './search-sql';

function request(resourceType: string, params: [string, string][]): SearchRequest {
  const result = parseSearch(resourceType, params);
  if (result instanceof AppError) throw result;
  return result;
}

describe('buildSearchSql', () => {
  it('scopes to tenant, type and live resources and pages by id without filters', () => {
    const { sql, args, countSql, countArgs } = buildSearchSql('t1', request('Patient', []));
    expect(sql).toBe('SELECT r.id, r.content FROM fhir_resources r WHERE r.tenant_id = ? AND r.resource_type = ? AND r.deleted = 0 ORDER BY r.id ASC LIMIT ? OFFSET ?');
    expect(args).toEqual(['t1', 'Patient', 20, 0]);
    expect(countSql).toBe('SELECT COUNT(*) AS total FROM fhir_resources r WHERE r.tenant_id = ? AND r.resource_type = ? AND r.deleted = 0');
    expect(countArgs).toEqual(['t1', 'Patient']);
  });

  it('starts from the narrowest filter as an uncorrelated id subquery and checks the others per candidate', () => {
    const { sql, args } = buildSearchSql('t1', request('Patient', [['birthdate', 'ge2000'], ['identifier', 'sys|1,2'], ['_count', '5'], ['_offset', '10']]));
    expect(sql.match(/r\.id IN \(SELECT i\.resource_id FROM fhir_search_token i WHERE i\.tenant_id = \? AND i\.resource_type = \? AND i\.param = \?/g)).toHaveLength(1);
    expect(sql).toContain('AND ((i.system = ? AND i.code = ?) OR (i.code = ?))');
    expect(sql).toContain('EXISTS (SELECT 1 FROM fhir_search_date i INDEXED BY fhir_search_date_resource_idx WHERE i.tenant_id = r.tenant_id AND i.resource_type = r.resource_type AND i.resource_id = r.id AND i.param = ?');
    expect(args.slice(0, 3)).toEqual(['t1', 'Patient', 'birthdate']);
    expect(args.slice(-8)).toEqual(['t1', 'Patient', 'identifier', 'sys', '1', '2', 5, 10]);
  });

  it('keeps :not filters as uncorrelated NOT IN lists whatever the driver', () => {
    const { sql } = buildSearchSql('t1', request('Patient', [['gender:not', 'male'], ['identifier', 'sys|1']]));
    expect(sql).toContain('r.id NOT IN (SELECT i.resource_id FROM fhir_search_token i');
    expect(sql).toContain('r.id IN (SELECT i.resource_id FROM fhir_search_token i');
  });

  it('sorts through a correlated MIN or MAX over the parameter’s index rows, then by id', () => {
    const { sql, args } = buildSearchSql('t1', request('Patient', [['_sort', '-birthdate,family']]));
    expect(sql).toContain('ORDER BY (SELECT MAX(i.end) FROM fhir_search_date i');
    expect(sql).toContain('(SELECT MIN(i.value) FROM fhir_search_string i');
    expect(sql).toMatch(/ASC, r\.id ASC LIMIT \? OFFSET \?$/);
    expect(args).toEqual(['t1', 'Patient', 'birthdate', 'family', 20, 0]);
  });

  it('keeps user values out of the SQL text', () => {
    const marker = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `zq${s}`);
    const param = fc.constantFrom('family', 'family:exact', 'family:contains', 'identifier', 'name', 'general-practitioner', '_id', 'organization.name');
    fc.assert(
      fc.property(param, marker, (name, value) => {
        const result = parseSearch('Patient', [[name, value]]);
        if (result instanceof AppError) return;
        const { sql, countSql } = buildSearchSql('tenant', result);
        expect(sql.includes(value)).toBe(false);
        expect(countSql.includes(value)).toBe(false);
      }),
    );
  });

  it.each<[string, [string, string][]]>([
    ['Patient', [['family', 'x']]],
    ['Patient', [['birthdate', 'ge2000'], ['_sort', '-family']]],
    ['Patient', [['_lastUpdated', 'ne2020'], ['gender:missing', 'true']]],
    ['Observation', [['patient.identifier', 'a|b'], ['value-quantity', 'le5|s|c']]],
  ])('has one argument per placeholder for a %s search', (resourceType, params) => {
    const { sql, args, countSql, countArgs } = buildSearchSql('tenant', request(resourceType, params));
    expect(sql.split('?').length - 1).toBe(args.length);
    expect(countSql.split('?').length - 1).toBe(countArgs.length);
  });
});
