import { describe, expect, it } from 'vitest';
import { allowedActions, nextStatus } from './state-machine';

describe('connector state machine', () => {
  it('activates a configured, paused or inactive connector', () => {
    expect(nextStatus('configured', 'activate')).toBe('active');
    expect(nextStatus('paused', 'activate')).toBe('active');
    expect(nextStatus('inactive', 'activate')).toBe('active');
  });

  it('refuses to activate an active connector', () => {
    expect(nextStatus('active', 'activate')).toBeUndefined();
  });

  it('pauses only an active connector', () => {
    expect(nextStatus('active', 'pause')).toBe('paused');
    expect(nextStatus('configured', 'pause')).toBeUndefined();
    expect(nextStatus('inactive', 'pause')).toBeUndefined();
  });

  it('deactivates anything that is not already inactive', () => {
    expect(nextStatus('active', 'deactivate')).toBe('inactive');
    expect(nextStatus('paused', 'deactivate')).toBe('inactive');
    expect(nextStatus('inactive', 'deactivate')).toBeUndefined();
  });

  it('lists the actions a status allows', () => {
    expect(allowedActions('active')).toEqual(['pause', 'deactivate']);
    expect(allowedActions('inactive')).toEqual(['activate']);
  });
});
