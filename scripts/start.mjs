// `npm start`: opens the Electron app. Where the Electron binary is missing (installed with
// the download skipped), says so in one line and starts the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const built =
  existsSync(join(root, 'out/main/main.js')) &&
  existsSync(join(root, 'out/renderer/index.html')) &&
  existsSync(join(root, 'out/node/cli.js'));
if (!built || process.argv.includes('--rebuild')) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const electron = electronBinary();
if (electron) {
  run(electron, [root]);
} else {
  console.log(
    'start: the Electron binary is not installed here; starting the browser host instead (open the URL below).',
  );
  run(process.execPath, [join(root, 'out/node/cli.js'), 'serve']);
}
