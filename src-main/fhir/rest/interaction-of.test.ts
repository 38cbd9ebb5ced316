import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { interactionOf } from './interaction-of';

const of = (method: string, path: string) => interactionOf(method, path === '' ? [] : path.split('/'));

describe('interactionOf', () => {
  it.each([
    ['POST', '', { kind: 'bundle' }],
    ['GET', 'metadata', { kind: 'capabilities' }],
    ['GET', '_history', { kind: 'history' }],
    ['GET', 'Patient', { kind: 'search', type: 'Patient', viaPost: false }],
    ['POST', 'Patient/_search', { kind: 'search', type: 'Patient', viaPost: true }],
    ['GET', 'Patient/_history', { kind: 'history', type: 'Patient' }],
    ['POST', 'Patient', { kind: 'create', type: 'Patient' }],
    ['PUT', 'Patient', { kind: 'conditional-update', type: 'Patient' }],
    ['PATCH', 'Patient', { kind: 'conditional-patch', type: 'Patient' }],
    ['DELETE', 'Patient', { kind: 'conditional-delete', type: 'Patient' }],
    ['GET', 'Patient/p1', { kind: 'read', type: 'Patient', id: 'p1' }],
    ['PUT', 'Patient/p1', { kind: 'update', type: 'Patient', id: 'p1' }],
    ['PATCH', 'Patient/p1', { kind: 'patch', type: 'Patient', id: 'p1' }],
    ['DELETE', 'Patient/p1', { kind: 'delete', type: 'Patient', id: 'p1' }],
    ['GET', 'Patient/p1/_history', { kind: 'history', type: 'Patient', id: 'p1' }],
    ['GET', 'Patient/p1/_history/3', { kind: 'vread', type: 'Patient', id: 'p1', version: '3' }],
    ['POST', 'Patient/$validate', { kind: 'operation', type: 'Patient', name: '$validate' }],
    ['GET', 'ConceptMap/m1/$translate', { kind: 'operation', type: 'ConceptMap', id: 'm1', name: '$translate' }],
  ])('reads %s /%s', (method, path, expected) => {
    expect(of(method, path)).toEqual(expected);
  });

  it.each([
    ['GET', ''],
    ['DELETE', 'metadata'],
    ['PUT', '_history'],
    ['GET', '$everything'],
    ['POST', 'Patient/p1'],
    ['GET', 'Patient/_search'],
    ['GET', 'Patient/_other'],
    ['PUT', 'Patient/$validate'],
    ['POST', 'Patient/p1/_history'],
    ['GET', 'Patient/p1/_history/3/more'],
  ])('answers 404 not-supported for %s /%s, naming it', (method, path) => {
    let thrown: unknown;
    try {
      of(method, path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ kind: 'not_found', message: `No FHIR interaction ${method} /${path}` });
  });
});
