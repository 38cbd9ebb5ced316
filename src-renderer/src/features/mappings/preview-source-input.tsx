import { SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { useApiQuery } from '../../api/query-hooks';
import type { PreviewSource } from './preview-source';
import { MONOSPACE_INPUT } from '../../components/monospace-input';

/** Where the preview's message comes from: pasted text, or a message of the log picked from the newest. */
export function PreviewSourceInput({ source, onChange }: { source: PreviewSource; onChange: (source: PreviewSource) => void }) {
  const recent = useApiQuery('hl7Messages.list', { pageSize: 100 }, { enabled: source.kind === 'message' });
  const options = (recent.data?.data ?? []).map((m) => ({ value: m.id, label: `${m.messageType ?? '?'} · ${m.messageControlId ?? '—'} · ${m.id}` }));
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        aria-label="Preview message from"
        data={[
          { value: 'text', label: 'Paste a message' },
          { value: 'message', label: 'Stored message' },
        ]}
        value={source.kind}
        onChange={(kind) => onChange(kind === 'text' ? { kind: 'text', text: '' } : { kind: 'message', messageId: null })}
      />
      {source.kind === 'text' ? (
        <Textarea
          label="HL7 v2 message"
          placeholder="MSH|^~\&|LAB|…"
          autosize
          minRows={3}
          maxRows={5}
          styles={MONOSPACE_INPUT}
          spellCheck={false}
          value={source.text}
          onChange={(e) => onChange({ kind: 'text', text: e.currentTarget.value })}
          data-testid="preview-message"
        />
      ) : (
        <Select
          label="Message from the log"
          placeholder={recent.isError ? 'Could not load messages' : 'Type, control id or MSG_ id'}
          data={options}
          searchable
          clearable
          value={source.messageId}
          onChange={(messageId) => onChange({ kind: 'message', messageId })}
          data-testid="preview-message-id"
        />
      )}
    </Stack>
  );
}
