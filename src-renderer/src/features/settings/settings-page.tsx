import { PlannedPage } from '../../components/planned-page';

export function SettingsPage() {
  return (
    <PlannedPage
      title="Settings"
      summary="How this engine is set up."
      features={[
        'Engine information: version, uptime, data directory, database size and listening addresses',
        'Limits: MLLP frame size, connections per listener, idle timeouts, retry policy and retention',
        'Access tokens and API clients for browser consoles and REST callers: issue, scope, revoke',
        'External systems (EHR, LIS, RIS, PMS) the connectors belong to',
      ]}
    />
  );
}
