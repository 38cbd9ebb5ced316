import { describe, expect, it } from 'vitest';
import { createOpenedFiles, hl7PathsOfArgv, MAX_OPENED_FILE_BYTES, type OpenedFileSystem, type OpenRefusal } from './opened-files';

type Entry = { kind: 'file' | 'dir'; content: string; size?: number };
/** A file system of named entries: a regular file, a folder, or (absent) a path that cannot be read. */
const fakeFs = (entries: Record<string, Entry>): OpenedFileSystem & { reads: string[] } => {
  const reads: string[] = [];
  return {
    reads,
    async stat(path) {
      const entry = entries[path];
      if (!entry) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return { isFile: () => entry.kind === 'file', size: entry.size ?? Buffer.byteLength(entry.content) };
    },
    async readFile(path) {
      reads.push(path);
      return Buffer.from(entries[path]?.content ?? '');
    },
  };
};

const MSH = 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|1|P|2.5.1\r';

describe('the .hl7 files of a command line', () => {
  it('takes the arguments ending in .hl7 in any case, resolved against the launch folder, and leaves switches and the executable out', () => {
    const argv = ['/opt/Interop Console/interop-console', '--no-sandbox', '--hidden', 'results/A1.HL7', '/data/B2.hl7', 'notes.txt', '--flag=x.hl7'];
    expect(hl7PathsOfArgv(argv, '/home/op')).toEqual(['/home/op/results/A1.HL7', '/data/B2.hl7']);
  });

  it('finds nothing in a plain launch', () => {
    expect(hl7PathsOfArgv(['C:\\Program Files\\Interop Console\\Interop Console.exe'], 'C:\\Users\\op')).toEqual([]);
  });
});

describe('files opened with the app', () => {
  const opener = (entries: Record<string, Entry>) => {
    const refused: OpenRefusal[] = [];
    let shown = 0;
    const fs = fakeFs(entries);
    const files = createOpenedFiles({ fs, onOpened: () => (shown += 1), onRefused: (reason) => refused.push(reason) });
    return { files, fs, refused, shown: () => shown };
  };

  it('holds a regular .hl7 file for the inspector, which takes each once and in order', async () => {
    const { files, shown } = opener({ '/a.hl7': { kind: 'file', content: MSH }, '/b.hl7': { kind: 'file', content: `${MSH}PID|1\r` } });
    await files.openArgv(['app', '/a.hl7', '/b.hl7'], '/');
    expect(shown()).toBe(2);
    expect(files.take()).toEqual({ name: 'a.hl7', text: MSH });
    expect(files.take()).toEqual({ name: 'b.hl7', text: `${MSH}PID|1\r` });
    expect(files.take()).toBeNull();
  });

  it('refuses a folder, another extension, a file over the size cap without reading it, and a path that cannot be read', async () => {
    const { files, fs, refused, shown } = opener({ '/dir.hl7': { kind: 'dir', content: '' }, '/big.hl7': { kind: 'file', content: MSH, size: MAX_OPENED_FILE_BYTES + 1 }, '/x.txt': { kind: 'file', content: MSH } });
    for (const path of ['/dir.hl7', '/x.txt', '/big.hl7', '/gone.hl7']) await files.open(path);
    expect(refused).toEqual(['not-a-file', 'not-hl7', 'too-large', 'unreadable']);
    expect(fs.reads).toEqual([]);
    expect(shown()).toBe(0);
    expect(files.take()).toBeNull();
  });

  it('refuses a file that grew past the cap between stat and read', async () => {
    const { files, refused } = opener({ '/grew.hl7': { kind: 'file', content: 'x'.repeat(MAX_OPENED_FILE_BYTES + 1), size: 10 } });
    await files.open('/grew.hl7');
    expect(refused).toEqual(['too-large']);
  });
});
