import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimestamp, localZoneLabel } from '../../components/time-format';
import { endpointLabel, formatBytes, hdName, mappingLabel, patientLabel, unmappedLabel } from './message-format';

describe('message formatting', () => {
  it('shows local time to the millisecond, and the input when it is not a date', () => {
    expect(formatTimestamp(new Date(2026, 0, 5, 7, 8, 9, 45).toISOString())).toBe('2026-01-05 07:08:09.045');
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp('garbage')).toBe('garbage');
  });

  it('names the zone local times are shown in as an offset from UTC', () => {
    expect(localZoneLabel()).toMatch(/^GMT([+-]\d{1,2}(:\d{2})?)?$/);
  });

  it('shows the patient by name and MRN, either alone when the other is unknown, and nothing when neither is', () => {
    expect(patientLabel('DUCK DONALD', '10006579')).toBe('DUCK DONALD · MRN 10006579');
    expect(patientLabel(null, '10006579')).toBe('MRN 10006579');
    expect(patientLabel('DUCK DONALD', null)).toBe('DUCK DONALD');
    expect(patientLabel(null, null)).toBeNull();
  });

  it('shows durations in ms below a second and nothing for unfinished attempts', () => {
    expect(formatDuration('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.042Z')).toBe('42 ms');
    expect(formatDuration('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:02.250Z')).toBe('2.3 s');
    expect(formatDuration('2026-01-01T00:00:00.000Z', null)).toBeNull();
  });

  it('sizes in B, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('names applications and facilities by their namespace id, falling back to the universal id', () => {
    expect(hdName('GHHSFacility^2.16.840.1.122848.1.30^ISO')).toBe('GHHSFacility');
    expect(hdName('^2.16.840.1.114222^ISO')).toBe('2.16.840.1.114222');
    expect(hdName(null)).toBeNull();
    expect(endpointLabel('ADTApp', 'GHHSFacility^1.2^ISO')).toBe('ADTApp · GHHSFacility');
    expect(endpointLabel(null, null)).toBe('—');
  });

  it('labels unmapped data with its count and an attempt by the profile that ran, or says no profile converts the type', () => {
    expect(unmappedLabel({ path: 'PID-13[2]', count: 1 })).toBe('PID-13[2] ×1');
    expect(mappingLabel({ mapping: 'mapped', profile: { name: 'oru-default', version: 3 } })).toBe('Profile oru-default v3');
    expect(mappingLabel({ mapping: 'no_profile', profile: null })).toMatch(/^No mapping profile converts this message type/);
    expect(mappingLabel({ mapping: null, profile: null })).toBeNull();
  });
});
