/** Keeps the object URL long enough for the browser to start writing the file. */
const REVOKE_AFTER_MS = 60_000;

/** Saves a file the engine answered as a browser download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
