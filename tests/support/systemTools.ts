import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Finds a system tool a test needs. On a developer's machine a missing tool makes the
 * suite skip with a reason; under CI (`CI=true`) it is a failure, because CI installs
 * every tool the README promises.
 */
export function findTool(name: string, candidates: string[] = []): string | null {
  for (const path of candidates) if (existsSync(path)) return path;
  try {
    const out = execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' });
    return out.trim() || null;
  } catch {
    return null;
  }
}

/**
 * Returns the tool's path, or `null` with a printed skip reason; throws under CI.
 * Use as `const sox = requireTool('sox'); describe.skipIf(!sox)(...)`.
 */
export function requireTool(
  name: string,
  installHint: string,
  candidates: string[] = [],
): string | null {
  const found = findTool(name, candidates);
  if (found) return found;
  const reason = `${name} is not installed (${installHint})`;
  if (process.env.CI === 'true') throw new Error(`CI needs ${reason}`);
  console.warn(`skipping: ${reason}`);
  return null;
}
