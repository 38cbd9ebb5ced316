import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensureBuilt } from './ensure-built.mjs';

/** Desktop when Electron's binary is installed; otherwise the same engine headless, saying why. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' ? path : undefined;
  } catch (error) {
    process.stderr.write(`Electron is not available on this machine (${error.message.split('\n')[0]}).\n`);
    return undefined;
  }
}

ensureBuilt();
const binary = electronBinary();
if (binary) {
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('Starting the headless console instead: open the Console address below in a browser.\n');
  await import('../out/main/headless.js');
}
