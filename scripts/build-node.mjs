// Bundles the Node-side entry points (the command line, which also hosts the browser
// server) into out/node so the `mock-interviewer` bin runs without a TypeScript loader.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: {
    cli: join(root, 'cli/main.ts'),
    // Forked by the whisper transcriber; it must sit beside cli.js.
    whisperWorker: join(root, 'services/transcription/whisper/whisperWorker.ts'),
  },
  outdir: join(root, 'out/node'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
