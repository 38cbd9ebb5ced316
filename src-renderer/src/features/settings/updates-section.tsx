import type { UpdateSettings, UpdateView } from '@contract/desktop-updates';
import type { Result } from '@contract/index';
import { Button, Group, Paper, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { notifyError } from '../../components/notify';
import { updateStateText } from './update-state-text';

/**
 * Desktop only (the preload bridge's update calls): the update channel — on or off, the feed URL, the
 * latest or beta channel — and its state, with "Check now". Absent in a browser console.
 */
export function UpdatesSection() {
  const bridge = window.interop;
  const [view, setView] = useState<UpdateView | null>(null);
  const [draft, setDraft] = useState<UpdateSettings | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const take = (result: Result<UpdateView>) => {
    if (!result.ok) {
      const fields = (result.error.details as { fields?: Record<string, string[]> } | undefined)?.fields;
      if (fields) return setFieldError(Object.entries(fields).map(([field, messages]) => `${field === 'feedUrl' ? 'Feed URL' : field} ${messages.join(', ')}`).join('; '));
      return notifyError('Update channel', result.error.message);
    }
    setFieldError(null);
    setView(result.value);
    setDraft(result.value.settings);
  };
  const run = (call: () => Promise<Result<UpdateView>> | undefined) => {
    const pending = call();
    if (!pending) return;
    setBusy(true);
    void pending.then(take).finally(() => setBusy(false));
  };

  useEffect(() => {
    if (bridge?.updateView) void bridge.updateView().then(take);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the section opens
  }, []);

  if (!bridge?.updateView || !view || !draft) return null;
  return (
    <Paper withBorder p="md" data-testid="updates-section">
      <Title order={2} size="h4" mb="sm">
        Updates
      </Title>
      <Stack gap="sm">
        <Switch label="Look for updates" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.currentTarget.checked })} />
        <TextInput label="Update feed URL" description="Where your site publishes the installers (electron-builder generic feed); leave empty for an offline site." value={draft.feedUrl} error={fieldError} onChange={(event) => setDraft({ ...draft, feedUrl: event.currentTarget.value })} />
        <SegmentedControl aria-label="Update channel" value={draft.channel} onChange={(value) => setDraft({ ...draft, channel: value === 'beta' ? 'beta' : 'latest' })} data={[{ value: 'latest', label: 'Stable (latest)' }, { value: 'beta', label: 'Beta' }]} />
        <Text size="sm" data-testid="update-state">
          {updateStateText(view.state)}
        </Text>
        <Group gap="xs">
          <Button loading={busy} onClick={() => run(() => bridge.configureUpdates?.({ ...draft, feedUrl: draft.feedUrl.trim() }))}>
            Save
          </Button>
          <Button variant="default" loading={busy} disabled={view.state.status === 'off'} onClick={() => run(() => bridge.checkForUpdates?.())}>
            Check now
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
