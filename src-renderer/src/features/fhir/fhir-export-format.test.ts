import { describe, expect, it } from 'vitest';
import { exportFileName, isRunning, progressPercent, scopeText, sinceInstant } from './fhir-export-format';

describe('export formatting', () => {
  it('counts accepted and in-progress exports as running', () => {
    expect(['accepted', 'in-progress', 'complete', 'failed'].map((status) => isRunning({ status: status as 'accepted' }))).toEqual([true, true, false, false]);
  });

  it('gives whole percents of the planned total, 0 before planning and never above 100', () => {
    expect(progressPercent({ progress: 0, total: 0 })).toBe(0);
    expect(progressPercent({ progress: 1, total: 3 })).toBe(33);
    expect(progressPercent({ progress: 3, total: 3 })).toBe(100);
    expect(progressPercent({ progress: 5, total: 3 })).toBe(100);
  });

  it('describes the scope by level, types and since', () => {
    const time = (iso: string) => iso.slice(0, 10);
    expect(scopeText({ level: 'system', groupId: null, types: null, since: null }, time)).toBe('System · all types');
    expect(scopeText({ level: 'group', groupId: 'g1', types: ['Patient', 'Observation'], since: '2024-03-01T00:00:00.000Z' }, time)).toBe('Group/g1 · Patient, Observation · since 2024-03-01');
  });

  it('reads a date field as the local start of that day', () => {
    expect(sinceInstant('')).toBeUndefined();
    expect(sinceInstant('03/01/2024')).toBeUndefined();
    expect(sinceInstant('2024-03-01')).toBe(new Date(2024, 2, 1).toISOString());
  });

  it('names downloaded files by export and type', () => {
    expect(exportFileName('BEX_1', 'Patient')).toBe('BEX_1-Patient.ndjson');
  });
});
