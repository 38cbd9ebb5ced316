import { Alert, Button, FileButton, Group, Paper, Select, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useEffect, useState, type DragEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/page-header';
import { RawMessageView } from '../messages/raw-message-view';
import { SegmentTreeView } from '../messages/segment-tree';
import { PASTED_NAME, fileRefusal, pastedMessage, type InspectInput } from './inspector-input';
import { MONOSPACE_INPUT } from '../../components/monospace-input';

/**
 * A message shown field by field without storing it: pasted, chosen or dropped here, or (desktop) an
 * .hl7 file opened with the app. It reaches the message log only through "Import into message log".
 */
export function InspectorPage() {
  const [input, setInput] = useState<InspectInput | null>(null);
  const [pasted, setPasted] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const inspect = useApiMutation('convert.hl7ToJson');
  const { mutate: runInspect } = inspect;

  useEffect(() => {
    if (input) runInspect({ message: input.text, view: 'segments' });
  }, [input, runInspect]);

  // Desktop: files opened with the app wait in the main process until the inspector takes them.
  useEffect(() => {
    const bridge = window.interop;
    if (!bridge?.takeOpenedFile) return undefined;
    const take = () => void bridge.takeOpenedFile?.().then((file) => file && setInput(file));
    take();
    return bridge.onFileOpened?.(take);
  }, []);

  const takeFile = (file: File | null) => {
    if (!file) return;
    const why = fileRefusal(file);
    setRefusal(why ?? null);
    if (!why) void file.text().then((text) => setInput({ name: file.name, text }));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    takeFile(event.dataTransfer.files[0] ?? null);
  };
  const view = inspect.data as Parameters<typeof SegmentTreeView>[0]['view'] | undefined;

  return (
    <Stack gap="md">
      <PageHeader title="Inspector" description="Shows an HL7 v2 message field by field without storing it." />
      <Paper withBorder p="sm" onDragOver={(event) => event.preventDefault()} onDrop={onDrop} data-testid="inspector-drop">
        <Stack gap="xs">
          <Textarea
            label="Message"
            description="Paste a message, or drop or choose an .hl7 file"
            autosize
            minRows={3}
            maxRows={10}
            styles={MONOSPACE_INPUT}
            spellCheck={false}
            value={pasted}
            onChange={(event) => setPasted(event.currentTarget.value)}
            data-testid="inspector-paste"
          />
          <Group gap="xs">
            <Button disabled={pasted.trim() === ''} onClick={() => setInput({ name: PASTED_NAME, text: pastedMessage(pasted) })} data-testid="inspector-inspect">
              Inspect
            </Button>
            <FileButton onChange={takeFile} accept=".hl7">
              {(props) => (
                <Button variant="default" {...props} data-testid="inspector-choose">
                  Choose .hl7 file
                </Button>
              )}
            </FileButton>
            {input && (
              <Text size="sm" c="dimmed" data-testid="inspector-source">
                {input.name}
              </Text>
            )}
          </Group>
          {refusal && (
            <Text size="sm" c="red" role="alert">
              {refusal}
            </Text>
          )}
        </Stack>
      </Paper>
      {inspect.isError && (
        <Alert color="red" variant="light" title="Could not inspect the message">
          {inspect.error.message}
        </Alert>
      )}
      {input && view && (
        <>
          <ImportAction input={input} parsed={view.parseError === null} />
          <Tabs defaultValue="fields">
            <Tabs.List>
              <Tabs.Tab value="fields">Fields</Tabs.Tab>
              <Tabs.Tab value="raw">Raw</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="fields" pt="xs">
              <SegmentTreeView key={input.text} view={view} />
            </Tabs.Panel>
            <Tabs.Panel value="raw" pt="xs">
              <RawMessageView text={input.text} label="Inspected message as given" />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}

/** Stores the inspected message under an inbound connector, as if it had received it (an HL7 import batch). */
function ImportAction({ input, parsed }: { input: InspectInput; parsed: boolean }) {
  const connectors = useApiQuery('connectors.list', { pageSize: 500 });
  const create = useApiMutation('dataImportBatches.create');
  const [connectorId, setConnectorId] = useState<string | null>(null);
  const options = (connectors.data?.data ?? []).filter((c) => c.direction !== 'outbound').map((c) => ({ value: c.id, label: c.name }));
  const start = () =>
    connectorId &&
    create.mutate({ fileName: input.name, format: 'hl7-batch', content: input.text, connectorId }, { onSuccess: (batch) => notifySuccess(`Importing into the message log (${batch.id}); see Import / Export`) });
  return (
    <Paper withBorder p="sm">
      <Group gap="xs" align="flex-end">
        <Select label="Store under connector" placeholder="Choose an inbound connector" data={options} value={connectorId} onChange={setConnectorId} data-testid="inspector-connector" />
        <Button disabled={!connectorId || !parsed} loading={create.isPending} onClick={start} data-testid="inspector-import">
          Import into message log
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        Nothing is stored until you import: the message is then kept and processed as if the connector had received it.
      </Text>
      {create.isError && (
        <Text size="sm" c="red" role="alert">
          {create.error.message}
        </Text>
      )}
    </Paper>
  );
}
