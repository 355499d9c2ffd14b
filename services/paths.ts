import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the project's package.json, found by walking up from `fromUrl` (a module
 * URL). Works from the sources (services/...) and from the bundles (out/node, out/main).
 * Throws when no such folder exists above it.
 */
export function projectRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
        if (name === 'mock-interviewer') return dir;
      } catch {
        // An unreadable manifest is not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the mock-interviewer folder above ${fileURLToPath(fromUrl)}`);
    }
    dir = parent;
  }
}

/** The app's version from its package.json. */
export function appVersion(root: string = projectRoot()): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}

/** The built renderer (index.html and assets), produced by `npm run build`. */
export function rendererDir(root: string = projectRoot()): string {
  return join(root, 'out', 'renderer');
}
