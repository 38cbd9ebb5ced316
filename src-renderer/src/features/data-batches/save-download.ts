import type { DataBatchDownload } from '@contract/data-batches';
import { saveBlob } from '../../components/save-blob';

/** Saves a batch file the engine answered (over IPC or HTTP alike) as a download. */
export function saveDownload(file: DataBatchDownload): void {
  saveBlob(new Blob([file.content], { type: file.contentType }), file.name);
}
