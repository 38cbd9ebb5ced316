import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Navigate, createHashRouter, type RouteObject } from 'react-router';
import { LoadingState } from '../components/query-states';
import { NotFoundPage } from './not-found-page';
import { Shell } from './shell';

/**
 * A page loaded with its own script when first visited, so the console's first paint waits only for the
 * shell; each lazy page has its own Suspense, so a detail loading over a list leaves the list in place.
 */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, fallback: ReactNode = <LoadingState label="Loading page" />): ReactNode {
  const Page = lazy<ComponentType>(() => load().then((module) => ({ default: module[name] })));
  return (
    <Suspense fallback={fallback}>
      <Page />
    </Suspense>
  );
}

export interface Section {
  path: string;
  label: string;
  element: ReactNode;
  /** Routes shown inside the section's page, e.g. a detail over a list. */
  children?: RouteObject[];
}

/** The sidebar, in order; each entry is also a route. */
export const sections: readonly Section[] = [
  { path: 'dashboard', label: 'Dashboard', element: lazyPage(() => import('../features/dashboard/dashboard-page'), 'DashboardPage') },
  { path: 'messages', label: 'Messages', element: lazyPage(() => import('../features/messages/messages-page'), 'MessagesPage'), children: [{ path: ':id', element: lazyPage(() => import('../features/messages/message-detail'), 'MessageDetail', null) }] },
  { path: 'inspect', label: 'Inspector', element: lazyPage(() => import('../features/inspector/inspector-page'), 'InspectorPage') },
  { path: 'connectors', label: 'Connectors', element: lazyPage(() => import('../features/connectors/connectors-page'), 'ConnectorsPage') },
  { path: 'outbound', label: 'Outbound', element: lazyPage(() => import('../features/outbound/outbound-page'), 'OutboundPage') },
  { path: 'mappings', label: 'Mappings', element: lazyPage(() => import('../features/mappings/mappings-page'), 'MappingsPage'), children: [{ path: ':id', element: lazyPage(() => import('../features/mappings/profile-view'), 'ProfileView') }] },
  { path: 'data', label: 'Import / Export', element: lazyPage(() => import('../features/data-batches/data-batches-page'), 'DataBatchesPage') },
  { path: 'jobs', label: 'Jobs', element: lazyPage(() => import('../features/jobs/jobs-page'), 'JobsPage') },
  { path: 'sync-conflicts', label: 'Conflicts', element: lazyPage(() => import('../features/sync-conflicts/sync-conflicts-page'), 'SyncConflictsPage') },
  { path: 'interface-errors', label: 'Interface errors', element: lazyPage(() => import('../features/interface-errors/interface-errors-page'), 'InterfaceErrorsPage') },
  { path: 'fhir', label: 'FHIR', element: lazyPage(() => import('../features/fhir/fhir-page'), 'FhirPage'), children: [{ path: ':type/:id', element: lazyPage(() => import('../features/fhir/fhir-resource-view'), 'FhirResourceView', null) }] },
  { path: 'alerts', label: 'Alerts', element: lazyPage(() => import('../features/alerts/alerts-page'), 'AlertsPage') },
  { path: 'operators', label: 'Operators', element: lazyPage(() => import('../features/operators/operators-page'), 'OperatorsPage') },
  { path: 'api-clients', label: 'API clients', element: lazyPage(() => import('../features/api-clients/api-clients-page'), 'ApiClientsPage') },
  { path: 'audit', label: 'Audit log', element: lazyPage(() => import('../features/audit/audit-log-page'), 'AuditLogPage') },
  { path: 'settings', label: 'Settings', element: lazyPage(() => import('../features/settings/settings-page'), 'SettingsPage') },
];

/** Pages of a section that have no sidebar entry of their own. */
const subpages: RouteObject[] = [
  { path: 'fhir/exports', element: lazyPage(() => import('../features/fhir/fhir-exports-page'), 'FhirExportsPage') },
  { path: 'first-run', element: lazyPage(() => import('../features/first-run/first-run-page'), 'FirstRunPage') },
];

// A hash router works both from file:// in Electron and behind the engine's HTTP server without rewrites.
export const router = createHashRouter([
  {
    path: '/',
    element: <Shell sections={sections} />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      ...sections.map(({ path, element, children }) => ({ path, element, children })),
      ...subpages,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
