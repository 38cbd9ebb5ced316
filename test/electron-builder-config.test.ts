import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/**
 * Installers cannot be built here (electron-builder downloads Electron), so CI checks electron-builder.yml
 * the way electron-builder itself does before a build: its own loader and its own schema.
 */
const root = resolve(import.meta.dirname, '..');
const load = () => getConfig(root, null, null);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema check', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is refused by that check when it has a key electron-builder does not know, so the check can fail', async () => {
    const config = await load();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } } as never, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('builds the installers this product ships, from files that exist, with the native module rebuilt for Electron', async () => {
    const config = await load();
    expect(config.appId).toBe('org.interop-console.desktop');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    // The loader normalises `files` into filter sets.
    expect(JSON.stringify(config.files)).toContain('"out/**","db/migrations/**","package.json"');
    for (const icon of [config.linux?.icon, config.win?.icon]) expect(existsSync(join(root, String(icon)))).toBe(true);
  });

  it('associates .hl7 files with the app as their viewer, so opening one shows it in the inspector', async () => {
    const config = await load();
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations).toEqual([expect.objectContaining({ ext: 'hl7', name: 'HL7 v2 message', role: 'Viewer', mimeType: 'application/hl7-v2' })]);
  });

  it('publishes a generic update feed with latest and beta channel files, pointing nowhere until a site configures its own', async () => {
    const config = await load();
    expect([config.publish].flat()).toEqual([{ provider: 'generic', url: 'https://updates.invalid/interop-console', channel: 'latest' }]);
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });
});
