#!/usr/bin/env node
/**
 * Runs Electronegativity over the Electron sources (electron/) and, when the app is built, over
 * the bundled main and preload scripts (out/main and out/preload, scanned together so that the
 * whole-app checks see both). Fails (exit 1) on any HIGH or MEDIUM finding that
 * security/electronegativity-allowlist.json does not list with a reason; exit 2 when the scanner
 * itself cannot run. Electronegativity's command line exits 0 whatever it finds, so its
 * findings are read from its programmatic API.
 *
 * Usage: node scripts/security-scan.mjs [--json]
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ALLOWLIST = join(root, 'security', 'electronegativity-allowlist.json');
const FAILING = new Set(['HIGH', 'MEDIUM']);
const runElectronegativity = require('@doyensec/electronegativity');

function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function loadAllowlist() {
  const entries = JSON.parse(readFileSync(ALLOWLIST, 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${ALLOWLIST} must hold a list of entries`);
  for (const [i, entry] of entries.entries()) {
    for (const key of ['check', 'file', 'reason']) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`${ALLOWLIST} entry ${i} needs a non-empty "${key}"`);
      }
    }
    if (entry.reason.trim().length < 40) {
      throw new Error(`${ALLOWLIST} entry ${i} (${entry.check}): write a real reason`);
    }
  }
  return entries;
}

/**
 * Scans `input` and returns its findings. `label` is how files are named in reports and in the
 * allow-list: `<label>/<path inside input>`, or `<label>` itself for a whole-app check.
 * Uses the scanner's programmatic API: its CSV writer issues the header and the rows as two
 * unordered asynchronous writes, so the file it leaves can lose or garble rows.
 */
async function scan(input, label, version) {
  const result = await runElectronegativity({
    input,
    isRelative: true,
    electronVersionOverride: version ?? undefined,
  });
  const broken = (result.errors ?? []).filter((e) => !e.tolerable);
  if (broken.length > 0) {
    throw new Error(
      `Electronegativity could not parse ${broken.map((e) => `${label}/${e.file}: ${e.message}`).join('; ')}`,
    );
  }
  return result.issues.map((issue) => {
    const file = String(issue.file ?? 'N/A');
    return {
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: file === 'N/A' || file === '' ? label : `${label}/${file.replace(/^\.\//, '')}`,
      location: issue.location ? `${issue.location.line}:${issue.location.column}` : '',
      description: issue.description,
    };
  });
}

async function main() {
  const json = process.argv.includes('--json');
  const version = electronVersion();
  const allowlist = loadAllowlist();
  const targets = [{ input: join(root, 'electron'), label: 'electron' }];
  let staging = null;
  const built = ['main', 'preload'].filter((d) => existsSync(join(root, 'out', d)));
  if (built.length > 0) {
    // One folder holding both bundles, so a whole-app check sees main's handlers and the preload.
    staging = mkdtempSync(join(tmpdir(), 'electronegativity-out-'));
    for (const d of built) cpSync(join(root, 'out', d), join(staging, d), { recursive: true });
    targets.push({ input: staging, label: 'out' });
  }
  const findings = [];
  try {
    for (const target of targets)
      findings.push(...(await scan(target.input, target.label, version)));
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }

  const allowed = (f) => allowlist.find((e) => e.check === f.check && e.file === f.file);
  const blocking = findings.filter((f) => FAILING.has(f.severity) && !allowed(f));
  const scannedLabels = new Set(targets.map((t) => t.label));
  const unused = allowlist.filter(
    (e) =>
      scannedLabels.has(e.file.split('/')[0]) &&
      !findings.some((f) => f.check === e.check && f.file === e.file),
  );

  if (json) {
    console.log(
      JSON.stringify(
        { electronVersion: version, scanned: [...scannedLabels], findings, blocking, unused },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `Electronegativity (Electron ${version ?? 'unknown'}) over ${[...scannedLabels].join(' and ')}${built.length ? ` (${built.map((d) => `out/${d}`).join(', ')})` : ' (out/ not built: run `npm run build` to scan the bundles too)'}`,
    );
    for (const f of findings) {
      const entry = allowed(f);
      const mark = entry ? 'allowed' : FAILING.has(f.severity) ? 'FAIL' : 'note';
      console.log(
        `  [${mark}] ${f.severity} ${f.check} ${f.file}${f.location && f.location !== '0:0' ? `:${f.location}` : ''}: ${f.description}`,
      );
    }
    for (const e of unused) {
      console.log(`  [stale] allow-list entry ${e.check} ${e.file} matched nothing; remove it`);
    }
    console.log(
      blocking.length === 0
        ? `No HIGH or MEDIUM finding outside ${relative(root, ALLOWLIST)}.`
        : `${blocking.length} HIGH/MEDIUM finding(s) are not allowed: fix them, or add them to ${relative(root, ALLOWLIST)} with the reason they are safe.`,
    );
  }
  return blocking.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
