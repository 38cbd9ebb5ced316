import { spawn } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';
import { ensureBuilt } from './ensure-built.mjs';

/** Desktop when Electron's binary is installed; otherwise the same engine headless, saying why. */
ensureBuilt();
const binary = electronBinary();
if (binary) {
  process.stderr.write('Starting the desktop app; close its window to stop it. For the console in a browser: npm run serve -- [--port N] [--data-dir DIR]\n');
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('Electron is not available on this machine (its binary was not installed: package.json allowScripts denies the download).\n');
  process.stderr.write('Starting the headless console instead: open the Console address below in a browser.\n');
  // The headless entry reads this process's own arguments, so `npm start -- --port N --data-dir DIR` reaches it.
  await import('../out/main/headless-supervisor.js');
}
