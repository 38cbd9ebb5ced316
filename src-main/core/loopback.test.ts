import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback';

describe('loopback hosts', () => {
  it('recognises loopback names and addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
  });

  it('treats every other address as reachable from the network', () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'clinic-pc', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
