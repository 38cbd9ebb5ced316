import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AccessTokenStore } from './api/access-token';
import { createBrowserSession, type BrowserSession } from './api/browser-session';
import { createApiClient, type Transport } from './api/client';
import { createHttpTransport } from './api/http-transport';
import { createIpcTransport } from './api/ipc-transport';
import { App } from './app/app';

// The desktop app's preload exposes `window.interop`; a browser talks to the engine that served this page.
function connect(): { transport: Transport; session: BrowserSession | null } {
  if (window.interop) return { transport: createIpcTransport(window.interop), session: null };
  const tokens = new AccessTokenStore(window.sessionStorage);
  return { transport: createHttpTransport({ baseUrl: '', tokens }), session: createBrowserSession(tokens) };
}

const { transport, session } = connect();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App client={createApiClient(transport)} session={session} />
  </StrictMode>,
);
