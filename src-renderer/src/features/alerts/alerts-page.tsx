import { PlannedPage } from '../../components/planned-page';

export function AlertsPage() {
  return (
    <PlannedPage
      title="Alerts"
      summary="Problems the engine noticed and that someone should look at."
      features={[
        'Open alerts by severity (critical, error, warning, info): connection failed, sync failed, high error rate, slow response, expired credentials, quota exceeded',
        'The connector or job each alert is about, when it started and how often it fired',
        'Acknowledge an alert to say someone is on it, resolve it once fixed',
        'History of resolved alerts and interface errors',
      ]}
    />
  );
}
