import { describe, expect, it } from 'vitest';
import { fieldRows } from './conflict-fields';

describe('conflict field rows', () => {
  it('lists every element of both versions with the differing ones marked and server meta left out', () => {
    const local = { resourceType: 'Patient', id: 'p', name: [{ family: 'Local' }], meta: { versionId: '3' } };
    const remote = { resourceType: 'Patient', id: 'p', name: [{ family: 'Remote' }], birthDate: '1970-01-01', meta: { versionId: '7' } };
    const rows = fieldRows(local, remote, ['birthDate', 'name']);
    expect(rows.map((r) => [r.field, r.differs])).toEqual([
      ['resourceType', false],
      ['id', false],
      ['birthDate', true],
      ['name', true],
    ]);
    expect(rows.find((r) => r.field === 'birthDate')).toMatchObject({ local: null, remote: '"1970-01-01"' });
  });
});
