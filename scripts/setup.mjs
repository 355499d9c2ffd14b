#!/usr/bin/env node
// Sets up a clone: installs npm packages (skipping Electron's binary download when its host
// cannot be reached), optionally installs the Debian tools the tests use, and builds.
// Plain Node with no dependencies, so it runs before `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const withTestTools = args.has('--test-tools');
const skipBuild = args.has('--no-build');

function say(line) {
  console.log(`setup: ${line}`);
}

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 10)) {
    console.error(`setup: Node ${process.versions.node} is too old; install Node 20.10 or newer.`);
    process.exit(2);
  }
}

/** Resolves true when an HTTPS HEAD to `url` answers at all within `timeoutMs`. */
function reachable(url, timeoutMs = 6000) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

function installDebianTools() {
  const wanted = readFileSync(join(root, 'scripts/debian-packages.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const missing = wanted.filter(
    (p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) {
    say('Debian test tools already installed.');
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const [command, ...prefix] = isRoot ? ['apt-get'] : ['sudo', 'apt-get'];
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...a) => run(command, [...prefix, ...a], env);
  if (apt('update') !== 0 || apt('install', '-y', '--no-install-recommends', ...missing) !== 0) {
    console.error(
      `setup: could not install ${missing.join(' ')}; install them with apt-get (as root) and run setup again.`,
    );
    process.exit(1);
  }
}

async function installNpmPackages() {
  const env = { ...process.env };
  const mirror = env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/';
  if (!env.ELECTRON_SKIP_BINARY_DOWNLOAD && !(await reachable(mirror))) {
    env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
    say(
      `Electron's download host (${new URL(mirror).host}) cannot be reached: installing without the Electron binary. ` +
        '`npm start` will open the browser host instead.',
    );
  }
  const lock = existsSync(join(root, 'package-lock.json'));
  say(lock ? 'npm ci' : 'npm install');
  let status = run('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], env);
  if (status !== 0 && !env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say("install failed; retrying without Electron's binary download.");
    env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
    status = run('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund'], env);
  }
  if (status !== 0) {
    console.error('setup: npm install failed; see the output above.');
    process.exit(status);
  }
}

checkNode();
if (withTestTools) installDebianTools();
await installNpmPackages();
if (!skipBuild) {
  say('building');
  const status = run('npm', ['run', '--silent', 'build']);
  if (status !== 0) process.exit(status);
}
say('done.');
