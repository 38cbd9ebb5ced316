import type { Connector } from '@contract/connectors';
import type { TestMessageResult } from '@contract/connector-definitions';
import { Alert, Anchor, Button, Code, Group, NumberInput, Paper, Radio, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { formatBytes } from '../settings/byte-size';
import { dismissFirstRun, FIRST_RUN_TEMPLATES } from './first-run-dismissal';

/** The first-run wizard: where the data lives, a first inbound connector from a template, a test message, and the message arriving. */
export function FirstRunPage() {
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [connector, setConnector] = useState<Connector | null>(null);
  const [sent, setSent] = useState<TestMessageResult | null>(null);
  const finish = () => {
    dismissFirstRun();
    void navigate('/dashboard');
  };

  return (
    <>
      <PageHeader
        title="Set up your first connector"
        description="Four steps from an empty engine to a message in the log."
        actions={
          <Button variant="default" onClick={finish}>
            Skip setup
          </Button>
        }
      />
      <Stepper active={step} allowNextStepsSelect={false} size="sm" mb="md">
        <Stepper.Step label="Data folder" description="Where messages are kept">
          <DataFolderStep onNext={() => setStep(1)} />
        </Stepper.Step>
        <Stepper.Step label="Connector" description="A first inbound feed">
          <ConnectorStep
            onCreated={(created) => {
              setConnector(created);
              setStep(2);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label="Test message" description="Send a sample">
          {connector && (
            <TestMessageStep
              connector={connector}
              sent={sent}
              onSent={setSent}
              onNext={() => setStep(3)}
            />
          )}
        </Stepper.Step>
        <Stepper.Step label="See it arrive" description="In the message log">
          {connector && sent && <ArrivalStep connector={connector} controlId={sent.controlId} onFinish={finish} />}
        </Stepper.Step>
      </Stepper>
    </>
  );
}

function DataFolderStep({ onNext }: { onNext: () => void }) {
  const store = useApiQuery('store.overview', {});
  if (store.isPending) return <LoadingState label="Loading the data folder" />;
  if (store.isError) return <LoadFailed title="Could not read the store" message={store.error.message} onRetry={() => void store.refetch()} />;
  return (
    <Paper withBorder p="md" data-testid="first-run-data-folder">
      <Stack gap="xs">
        <Text size="sm">The engine keeps its database, its intake journal and its keys in this folder:</Text>
        <Code block data-testid="first-run-data-dir">
          {store.data.dataDirectory}
        </Code>
        <Text size="sm">
          Free space on its disk: <strong data-testid="first-run-free-disk">{formatBytes(store.data.freeDiskBytes)}</strong>. Intake refuses messages (AR) when less than {formatBytes(store.data.settings.minFreeDiskBytes)} is free.
        </Text>
        <Text size="sm" c="dimmed">
          The folder cannot be changed from here. For the headless engine, start it with <Code>--data-dir FOLDER</Code> (or set <Code>INTEROP_DATA_DIR</Code>); the desktop app keeps its data in the app data folder of the signed-in user.
        </Text>
        <Group justify="flex-end">
          <Button onClick={onNext}>Next</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ConnectorStep({ onCreated }: { onCreated: (connector: Connector) => void }) {
  const definitions = useApiQuery('connectorDefinitions.list', { direction: 'inbound' });
  const [type, setType] = useState<string>(FIRST_RUN_TEMPLATES[0]);
  const [name, setName] = useState<string | null>(null);
  const [port, setPort] = useState<number | string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const suggested = useApiQuery('connectorDefinitions.freePort', { type });
  const create = useApiMutation('connectorDefinitions.createConnector');
  const activate = useApiMutation('connectors.activate');

  if (definitions.isPending) return <LoadingState label="Loading templates" />;
  if (definitions.isError) return <LoadFailed title="Could not load the templates" message={definitions.error.message} onRetry={() => void definitions.refetch()} />;
  const offered = definitions.data.data.filter((d) => (FIRST_RUN_TEMPLATES as readonly string[]).includes(d.type));
  const chosen = offered.find((d) => d.type === type);
  const shownName = name ?? chosen?.name ?? '';
  const shownPort = port ?? suggested.data?.port ?? '';

  const submit = async () => {
    setFailure(null);
    try {
      const created = await create.mutateAsync({ type, name: shownName, port: shownPort === '' ? null : Number(shownPort) });
      onCreated(await activate.mutateAsync({ id: created.id }));
    } catch (error) {
      setFailure((error as ApiError).message);
    }
  };

  return (
    <Paper withBorder p="md" data-testid="first-run-connector">
      <Stack gap="sm">
        <Radio.Group
          label="What sends the first messages?"
          value={type}
          onChange={(value) => {
            setType(value);
            setName(null);
            setPort(null);
          }}
        >
          <Stack gap="xs" mt="xs">
            {offered.map((d) => (
              <Radio key={d.type} value={d.type} label={d.name} description={d.description} />
            ))}
          </Stack>
        </Radio.Group>
        <Group grow align="flex-start">
          <TextInput label="Name" withAsterisk value={shownName} onChange={(e) => setName(e.currentTarget.value)} />
          <NumberInput
            label="Port"
            description={suggested.data?.port ? `Free now: ${suggested.data.port}` : 'The port the partner connects to'}
            hideControls
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={false}
            value={shownPort}
            onChange={setPort}
          />
        </Group>
        <Text size="xs" c="dimmed">
          The connector listens for MLLP on all addresses of this machine at that port, ACKs each message once it is stored, and maps it to FHIR with the template&apos;s mapping profiles. Change anything later on the Connectors page.
        </Text>
        {failure && (
          <Alert color="red" role="alert" data-testid="first-run-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={() => void submit()} loading={create.isPending || activate.isPending} disabled={shownName.trim() === '' || shownPort === ''}>
            Create and start listening
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function TestMessageStep({ connector, sent, onSent, onNext }: { connector: Connector; sent: TestMessageResult | null; onSent: (result: TestMessageResult) => void; onNext: () => void }) {
  const send = useApiMutation('connectors.sendTestMessage');
  return (
    <Paper withBorder p="md" data-testid="first-run-test-message">
      <Stack gap="sm">
        <Text size="sm">
          <strong>{connector.name}</strong> is listening on port {connector.runtime?.port ?? connector.port}. The built-in sender connects to it over MLLP, as the partner would, and sends the template&apos;s sample message (a test patient, no real data).
        </Text>
        {sent && (
          <Alert color={sent.accepted ? 'green' : 'red'} data-testid="first-run-ack">
            {sent.messageType} {sent.controlId} answered {sent.ackCode}
            {sent.accepted ? ': stored.' : ': refused.'}
          </Alert>
        )}
        {send.isError && (
          <Alert color="red" role="alert">
            {send.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant={sent ? 'default' : 'filled'} loading={send.isPending} onClick={() => send.mutate({ id: connector.id }, { onSuccess: onSent })}>
            {sent ? 'Send another' : 'Send test message'}
          </Button>
          <Button onClick={onNext} disabled={!sent}>
            Next
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ArrivalStep({ connector, controlId, onFinish }: { connector: Connector; controlId: string; onFinish: () => void }) {
  const log = useApiQuery('hl7Messages.list', { connectorId: connector.id, pageSize: 5 }, { refetchInterval: (query) => (query.state.data?.data.some((m) => m.messageControlId === controlId) ? false : 1000) });
  const arrived = log.data?.data.filter((m) => m.messageControlId === controlId) ?? [];
  return (
    <Paper withBorder p="md" data-testid="first-run-arrival">
      <Stack gap="sm">
        {arrived.length === 0 ? (
          <LoadingState label="Waiting for the message in the log" />
        ) : (
          <Table aria-label="The test message in the log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Control id</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>ACK</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {arrived.map((m) => (
                <Table.Tr key={m.id} data-testid="first-run-arrived">
                  <Table.Td>{m.messageControlId}</Table.Td>
                  <Table.Td>{m.messageType}</Table.Td>
                  <Table.Td>{m.status}</Table.Td>
                  <Table.Td>{m.ackCode}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Anchor component={Link} to={`/messages?connector=${connector.id}`} size="sm" data-testid="first-run-log-link">
            Open the message log for {connector.name}
          </Anchor>
          <Button onClick={onFinish}>Finish</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
