import { describe, expect, it } from 'vitest';
import type { LogLevel } from './logger';
import { createRecentLog } from './recent-log';

describe('recent log', () => {
  it('passes every entry on and keeps only the newest lines, oldest first', () => {
    const passed: string[] = [];
    const log = createRecentLog({ log: (_level: LogLevel, message) => void passed.push(message) }, 2, () => new Date('2026-12-07T10:00:00.000Z'));
    log.log('info', 'one');
    log.log('warn', 'two', { id: 'CONN_1' });
    log.log('error', 'three');
    expect(passed).toEqual(['one', 'two', 'three']);
    expect(log.lines()).toEqual(['2026-12-07T10:00:00.000Z WARN two {"id":"CONN_1"}', '2026-12-07T10:00:00.000Z ERROR three']);
  });
});
