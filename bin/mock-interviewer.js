#!/usr/bin/env node
// The `mock-interviewer` command: runs the bundled command line from out/node/cli.js.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'node', 'cli.js');

if (!existsSync(bundle)) {
  process.stderr.write(
    `mock-interviewer: the command line is not built (no ${bundle}); run \`npm run build\` in the project folder first\n`,
  );
  process.exitCode = 2;
} else {
  const { main } = await import(pathToFileURL(bundle).href);
  await main(process.argv.slice(2));
}
