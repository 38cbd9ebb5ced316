import type { ApiClient, ApiClientSecret } from '@contract/api-clients';
import { Button, Center, Paper, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../../api/query-hooks';
import { PageHeader } from '../../components/page-header';
import { LoadFailed, LoadingState } from '../../components/query-states';
import { ApiClientForm } from './api-client-form';
import { ApiClientsTable } from './api-clients-table';
import { ClientSecretModal, type RevealedSecret } from './client-secret-modal';
import { RotateForm } from './rotate-form';

const revealed = (answer: ApiClientSecret, reason: RevealedSecret['reason']): RevealedSecret => ({ clientName: answer.client.name, clientId: answer.clientId, clientSecret: answer.clientSecret, reason });

/**
 * `/api-clients`: the machine clients of /api/v1 and the FHIR gateway. A secret the engine answers (create,
 * rotate) lives in this page's state only while its modal is open: never in the URL or the query cache.
 */
export function ApiClientsPage() {
  const clients = useApiQuery('apiClients.list', { pageSize: 500 });
  const [formTarget, setFormTarget] = useState<{ client: ApiClient | null } | null>(null);
  const [rotating, setRotating] = useState<ApiClient | null>(null);
  const [secret, setSecret] = useState<RevealedSecret | null>(null);

  return (
    <>
      <PageHeader
        title="API clients"
        description="Systems that call the engine with a token from POST /oauth/token: their scopes, tenant, rate limit and use."
        actions={<Button onClick={() => setFormTarget({ client: null })}>New API client</Button>}
      />
      <Paper withBorder>
        {clients.isPending ? (
          <LoadingState label="Loading API clients" />
        ) : clients.isError ? (
          <LoadFailed title="Could not load API clients" message={clients.error.message} onRetry={() => void clients.refetch()} />
        ) : clients.data.data.length === 0 ? (
          <Center p="xl" data-testid="api-clients-empty">
            <Text size="sm" c="dimmed">
              No API clients yet. Create one to let another system read or change data with a token of its own.
            </Text>
          </Center>
        ) : (
          <ApiClientsTable clients={clients.data.data} onEdit={(client) => setFormTarget({ client })} onRotate={setRotating} />
        )}
      </Paper>
      {formTarget && (
        <ApiClientForm
          client={formTarget.client}
          onCreated={(created) => {
            setFormTarget(null);
            setSecret(revealed(created, 'created'));
          }}
          onClose={() => setFormTarget(null)}
        />
      )}
      {rotating && (
        <RotateForm
          client={rotating}
          onRotated={(rotated) => {
            setRotating(null);
            setSecret(revealed(rotated, 'rotated'));
          }}
          onClose={() => setRotating(null)}
        />
      )}
      {secret && <ClientSecretModal secret={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
