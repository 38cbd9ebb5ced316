import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AccessTokenStore } from './api/access-token';
import { createApiClient, type Transport } from './api/client';
import { createHttpTransport } from './api/http-transport';
import { createIpcTransport } from './api/ipc-transport';
import { App } from './app/app';

// The desktop app's preload exposes `window.interop`; a browser talks to the engine that served this page.
function connect(): { transport: Transport; tokens: AccessTokenStore | null } {
  if (window.interop) return { transport: createIpcTransport(window.interop), tokens: null };
  const tokens = new AccessTokenStore(window.sessionStorage);
  return { transport: createHttpTransport({ baseUrl: '', tokens }), tokens };
}

const { transport, tokens } = connect();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App client={createApiClient(transport)} tokens={tokens} />
  </StrictMode>,
);
