import type { DesktopChoicesChange, DesktopChoicesView } from '@contract/desktop-choices';
import type { Result } from '@contract/index';
import { Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { notifyError } from '../../components/notify';
import { closeToTrayStatus, startAtLoginStatus } from './desktop-choices-text';

/**
 * Desktop only (the preload bridge's choice calls): start at login and close to tray, each applied as soon
 * as its switch changes (start at login through the same path as the tray's checkbox). Absent in a browser console.
 */
export function DesktopSection() {
  const bridge = window.interop;
  const [view, setView] = useState<DesktopChoicesView | null>(null);
  const [busy, setBusy] = useState(false);

  const take = (result: Result<DesktopChoicesView>) => {
    if (!result.ok) return notifyError('Desktop settings', result.error.message);
    setView(result.value);
  };
  const change = (choice: DesktopChoicesChange) => {
    const pending = bridge?.changeDesktopChoices?.(choice);
    if (!pending) return;
    setBusy(true);
    void pending.then(take).finally(() => setBusy(false));
  };

  useEffect(() => {
    if (bridge?.desktopChoices) void bridge.desktopChoices().then(take);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once when the section opens
  }, []);

  if (!bridge?.desktopChoices || !view) return null;
  const forced = closeToTrayStatus(view.closeToTray);
  return (
    <Paper withBorder p="md" data-testid="desktop-section">
      <Title order={2} size="h4" mb="sm">
        Desktop
      </Title>
      <Stack gap="sm">
        <Switch
          label="Start at login"
          description="Starts Interop Console in the tray, without its window, when you log in, so listeners receive again after a restart."
          checked={view.startAtLogin.on}
          disabled={busy}
          onChange={(event) => change({ startAtLogin: event.currentTarget.checked })}
        />
        <Text size="sm" c="dimmed" data-testid="start-at-login-status">
          {startAtLoginStatus(view.startAtLogin)}
        </Text>
        <Switch
          label="Close to tray"
          description="Closing the window keeps the engine receiving in the tray; off, closing the window quits (asking first while listeners receive)."
          checked={view.closeToTray.on}
          disabled={busy}
          onChange={(event) => change({ closeToTray: event.currentTarget.checked })}
        />
        {forced && (
          <Text size="sm" c="orange" data-testid="close-to-tray-status">
            {forced}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
