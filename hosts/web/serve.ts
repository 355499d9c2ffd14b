import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHandlers } from '../bridge/handlers';
import { userDataDir } from '../../services/dataDir';
import { appVersion, projectRoot, rendererDir } from '../../services/paths';
import { startWebHost } from './server';
import type { WebHost } from './server';

/** Where `serve` writes, and what stops it. */
export interface ServeIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborting stops the host; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Called once the host listens (tests use it to learn the URL). */
  onListening?: (host: WebHost) => void;
}

const USAGE = 'usage: mock-interviewer serve [--port N]';

/**
 * `mock-interviewer serve`: the browser host. Serves the built renderer and the bridge on
 * 127.0.0.1, prints the URL with its token, and runs until interrupted. Returns the exit code.
 */
export async function serveCommand(argv: string[], io: ServeIo): Promise<number> {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        io.stderr.write(`serve: --port needs a number from 0 to 65535 (0 picks a free port)\n`);
        return 2;
      }
      port = value;
    } else {
      io.stderr.write(`serve: unknown option ${arg}; ${USAGE}\n`);
      return 2;
    }
  }
  const root = projectRoot();
  const renderer = rendererDir(root);
  if (!existsSync(join(renderer, 'index.html'))) {
    io.stderr.write(
      `serve: the app is not built (no ${renderer}/index.html); run \`npm run build\`\n`,
    );
    return 2;
  }
  const version = appVersion(root);
  const dataDir = userDataDir();
  let host: WebHost;
  try {
    host = await startWebHost({
      rendererDir: renderer,
      port,
      mediaDir: dataDir,
      createHandlers: (emit) => createHandlers({ kind: 'browser', version, emit, dataDir }),
      onInternalError: (call, error) =>
        io.stderr.write(`serve: ${call} failed: ${(error as Error)?.stack ?? String(error)}\n`),
    });
  } catch (error) {
    io.stderr.write(`serve: cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout.write(`Mock Interviewer is running. Open this URL in your browser:\n  ${host.url}\n`);
  io.onListening?.(host);

  await new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    } else {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }
  });
  await host.close();
  return 0;
}
