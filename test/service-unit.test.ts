import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../src-main/headless-args';

const root = resolve(import.meta.dirname, '..');
const unit = readFileSync(resolve(root, 'resources/service/interop-console.service'), 'utf8');
const setting = (key: string): string | undefined => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

describe('the systemd unit for the headless engine', () => {
  it('starts the supervised headless entry the build makes, with arguments the engine accepts', () => {
    const [node, entry, ...args] = (setting('ExecStart') ?? '').split(/\s+/);
    expect(node).toBe('/usr/bin/node');
    expect(entry).toBe('out/main/headless-supervisor.js');
    expect(readFileSync(resolve(root, 'electron.vite.config.ts'), 'utf8')).toContain("'headless-supervisor': resolve('src-main/headless-supervisor.ts')");
    expect(parseHeadlessArgs(args, {})).toMatchObject({ ok: true, args: { dataDir: '/var/lib/interop-console', port: 7300 } });
  });

  it('stops it with SIGTERM and time to finish, keeps secrets out of the unit, and keeps the data private', () => {
    expect(setting('KillSignal')).toBe('SIGTERM');
    expect(Number(setting('TimeoutStopSec'))).toBeGreaterThanOrEqual(30);
    expect(setting('EnvironmentFile')).toBe('-/etc/interop-console/env');
    expect(unit).not.toMatch(/--token|INTEROP_ACCESS_TOKEN=/);
    expect(setting('UMask')).toBe('0077');
    expect(setting('StateDirectoryMode')).toBe('0700');
  });
});
