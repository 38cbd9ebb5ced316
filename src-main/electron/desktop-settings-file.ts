import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the desktop keeps its own choices (start at login, the update channel): beside, not in, the engine's data. */
export const desktopSettingsFile = (userData: string): string => join(userData, 'desktop-settings.json');

/** The desktop's own settings file (`<userData>/desktop-settings.json`, 0600): its choices as one JSON object. */
export function readDesktopSettings(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Sets one key of the settings file, keeping the others. */
export function writeDesktopSetting(file: string, key: string, value: unknown): void {
  writeFileSync(file, JSON.stringify({ ...readDesktopSettings(file), [key]: value }, null, 2), { mode: 0o600 });
}
