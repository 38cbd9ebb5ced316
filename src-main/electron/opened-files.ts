import { basename, extname, isAbsolute, resolve } from 'node:path';
import type { OpenedFile } from '../../src-shared/bridge';

/** The largest .hl7 file the inspector opens; a larger one is refused before it is read. */
export const MAX_OPENED_FILE_BYTES = 4 * 1024 * 1024;
/** Files opened at once that wait for the console to take them; older ones are dropped past this. */
const MAX_WAITING = 8;

/** Whether a path names an .hl7 file (any case), which is all the file association hands the app. */
export const isHl7Path = (path: string): boolean => extname(path).toLowerCase() === '.hl7';

/**
 * The .hl7 files in a command line (the app's first launch, or a second launch's argv on Windows and
 * Linux): arguments that are not switches and end in .hl7, resolved against the launch's working folder.
 */
export function hl7PathsOfArgv(argv: readonly string[], cwd: string): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && isHl7Path(arg)).map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)));
}

/** The file system as the opener needs it: node:fs/promises' stat and readFile, fakes in tests. */
export interface OpenedFileSystem {
  stat(path: string): Promise<{ isFile(): boolean; size: number }>;
  readFile(path: string): Promise<Buffer>;
}

export type OpenRefusal = 'not-hl7' | 'not-a-file' | 'too-large' | 'unreadable';

/**
 * Files the OS opened with the app (file association, `open-file` on macOS, argv elsewhere), held until
 * the console's inspector takes them: only regular .hl7 files up to MAX_OPENED_FILE_BYTES, read as text
 * and never stored. `onOpened` tells the shell to show the inspector; `onRefused` names why a file was not
 * opened (no path or content is logged: a file name can carry patient data).
 */
export function createOpenedFiles(deps: { fs: OpenedFileSystem; onOpened: () => void; onRefused: (reason: OpenRefusal) => void }) {
  const waiting: OpenedFile[] = [];

  async function read(path: string): Promise<OpenedFile | OpenRefusal> {
    if (!isHl7Path(path)) return 'not-hl7';
    try {
      const info = await deps.fs.stat(path);
      if (!info.isFile()) return 'not-a-file';
      if (info.size > MAX_OPENED_FILE_BYTES) return 'too-large';
      const content = await deps.fs.readFile(path);
      if (content.length > MAX_OPENED_FILE_BYTES) return 'too-large';
      return { name: basename(path), text: content.toString('utf8') };
    } catch {
      return 'unreadable';
    }
  }

  /** Opens one path the OS handed over; resolves once it is waiting for the inspector or refused. */
  async function open(path: string): Promise<void> {
    const file = await read(path);
    if (typeof file === 'string') return deps.onRefused(file);
    waiting.push(file);
    if (waiting.length > MAX_WAITING) waiting.shift();
    deps.onOpened();
  }

  return {
    open,
    /** Opens the .hl7 files of a command line, in order. */
    async openArgv(argv: readonly string[], cwd: string): Promise<void> {
      for (const path of hl7PathsOfArgv(argv, cwd)) await open(path);
    },
    /** How many files wait for the inspector. */
    waiting: (): number => waiting.length,
    /** The oldest file waiting for the inspector, taken; null when none waits. */
    take(): OpenedFile | null {
      return waiting.shift() ?? null;
    },
  };
}
export type OpenedFiles = ReturnType<typeof createOpenedFiles>;
