import { describe, expect, it } from 'vitest';
import { operationNames } from '../src-shared';
import { grantsScope, isKnownScope, operationScopes } from '../src-shared/scopes';

describe('the scope table', () => {
  it('names the scope every operation needs, and no operation that does not exist', () => {
    expect(operationNames.filter((name) => !Object.hasOwn(operationScopes, name))).toEqual([]);
    expect(Object.keys(operationScopes).filter((name) => !(operationNames as string[]).includes(name))).toEqual([]);
  });

  it('lets admin do everything, operate and configure read, and bulk-export nothing but exports', () => {
    expect(grantsScope(['svc:interop:admin'], 'svc:interop:configure')).toBe(true);
    expect(grantsScope(['svc:interop:operate'], 'svc:interop:read')).toBe(true);
    expect(grantsScope(['svc:interop:configure'], 'svc:interop:read')).toBe(true);
    expect(grantsScope(['svc:interop:read'], 'svc:interop:operate')).toBe(false);
    expect(grantsScope(['svc:interop:bulk-export'], 'svc:interop:read')).toBe(false);
  });

  it('knows the engine\'s scopes and well-formed SMART v1 and v2 scopes only', () => {
    for (const scope of ['svc:interop:read', 'system/Observation.read', 'user/*.*', 'patient/Observation.read', 'system/Patient.rs', 'user/Patient.cruds']) expect([scope, isKnownScope(scope)]).toEqual([scope, true]);
    for (const scope of ['svc:interop:root', 'system/Patient.sr', 'system/patient.read', 'other/Patient.read', 'system/Patient.']) expect([scope, isKnownScope(scope)]).toEqual([scope, false]);
  });
});
