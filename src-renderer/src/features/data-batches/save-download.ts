import type { DataBatchDownload } from '@contract/data-batches';

/** Keeps the object URL long enough for the browser to start writing the file. */
const REVOKE_AFTER_MS = 60_000;

/** Saves a batch file the engine answered (over IPC or HTTP alike) as a download. */
export function saveDownload(file: DataBatchDownload): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.contentType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
