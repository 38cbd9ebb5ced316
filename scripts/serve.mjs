import { ensureBuilt } from './ensure-built.mjs';

ensureBuilt();
await import('../out/main/headless-supervisor.js');
