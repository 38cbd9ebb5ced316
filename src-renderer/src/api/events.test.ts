import { describe, expect, it } from 'vitest';
import { readsTopic } from './events';

describe('readsTopic', () => {
  it('matches operations of the topic’s domain and operations that list the topic’s entities', () => {
    expect(readsTopic('connectors.list', 'connectors')).toBe(true);
    expect(readsTopic('connectors.healthChecks', 'connectors')).toBe(true);
    expect(readsTopic('externalSystems.connectors', 'connectors')).toBe(true);
    expect(readsTopic('externalSystems.list', 'externalSystems')).toBe(true);
    expect(readsTopic('externalSystems.list', 'connectors')).toBe(false);
    expect(readsTopic('system.health', 'connectors')).toBe(false);
  });

  it('never refetches operations over immutable data', () => {
    expect(readsTopic('hl7Messages.list', 'hl7Messages')).toBe(true);
    expect(readsTopic('hl7Messages.segments', 'hl7Messages')).toBe(false);
  });

  it('refetches an aggregate over another domain when that domain changes, as its operation declares', () => {
    expect(readsTopic('hl7MappingProfiles.coverage', 'hl7Messages')).toBe(true);
    expect(readsTopic('hl7MappingProfiles.coverage', 'hl7MappingProfiles')).toBe(true);
    expect(readsTopic('hl7MappingProfiles.list', 'hl7Messages')).toBe(false);
  });
});
