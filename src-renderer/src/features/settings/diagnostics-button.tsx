import { useApiClient } from '../../api/query-hooks';
import { DownloadButton } from '../../components/download-button';
import { saveBlob } from '../../components/save-blob';

const bytesOfBase64 = (base64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Downloads the diagnostics zip: over HTTP the file the engine answers, over IPC the operation's base64 content. */
export function DiagnosticsButton() {
  const client = useApiClient();
  const download = async (): Promise<void> => {
    if (client.fetchFile) return saveBlob(await client.fetchFile('/api/v1/diagnostics'), 'interop-diagnostics.zip');
    const file = await client.call('system.diagnostics', {});
    saveBlob(new Blob([bytesOfBase64(file.content)], { type: file.contentType }), file.name);
  };
  return (
    <DownloadButton download={download} failure="Could not export diagnostics">
      Download diagnostics
    </DownloadButton>
  );
}
