import type { ReactNode } from 'react';
import { Navigate, createHashRouter, type RouteObject } from 'react-router';
import { AlertsPage } from '../features/alerts/alerts-page';
import { ConnectorsPage } from '../features/connectors/connectors-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { FhirExportsPage } from '../features/fhir/fhir-exports-page';
import { FhirPage } from '../features/fhir/fhir-page';
import { FhirResourceView } from '../features/fhir/fhir-resource-view';
import { JobsPage } from '../features/jobs/jobs-page';
import { MessageDetail } from '../features/messages/message-detail';
import { MessagesPage } from '../features/messages/messages-page';
import { SettingsPage } from '../features/settings/settings-page';
import { NotFoundPage } from './not-found-page';
import { Shell } from './shell';

export interface Section {
  path: string;
  label: string;
  element: ReactNode;
  /** Routes shown inside the section's page, e.g. a detail over a list. */
  children?: RouteObject[];
}

/** The sidebar, in order; each entry is also a route. */
export const sections: readonly Section[] = [
  { path: 'dashboard', label: 'Dashboard', element: <DashboardPage /> },
  { path: 'messages', label: 'Messages', element: <MessagesPage />, children: [{ path: ':id', element: <MessageDetail /> }] },
  { path: 'connectors', label: 'Connectors', element: <ConnectorsPage /> },
  { path: 'jobs', label: 'Jobs', element: <JobsPage /> },
  { path: 'fhir', label: 'FHIR', element: <FhirPage />, children: [{ path: ':type/:id', element: <FhirResourceView /> }] },
  { path: 'alerts', label: 'Alerts', element: <AlertsPage /> },
  { path: 'settings', label: 'Settings', element: <SettingsPage /> },
];

/** Pages of a section that have no sidebar entry of their own. */
const subpages: RouteObject[] = [{ path: 'fhir/exports', element: <FhirExportsPage /> }];

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
