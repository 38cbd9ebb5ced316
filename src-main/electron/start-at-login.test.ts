import { describe, expect, it } from 'vitest';
import { startAtLoginReason, startAtLoginWanted } from './start-at-login';

describe('start at login', () => {
  it('follows the person’s choice whatever the connectors, and says it was chosen', () => {
    expect([startAtLoginWanted('off', 3), startAtLoginReason('off', 3)]).toEqual([false, 'chosen']);
    expect([startAtLoginWanted('on', 0), startAtLoginReason('on', 0)]).toEqual([true, 'chosen']);
  });

  it('without a choice is on by default once a connector is in use, and off on a machine where nothing was set up, saying which', () => {
    expect([startAtLoginWanted(undefined, 1), startAtLoginReason(undefined, 1)]).toEqual([true, 'connector-in-use']);
    expect([startAtLoginWanted(undefined, 0), startAtLoginReason(undefined, 0)]).toEqual([false, 'nothing-set-up']);
  });
});
