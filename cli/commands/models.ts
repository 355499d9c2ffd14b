import type { DownloadProgress } from '../../services/models/manager';
import { statSync } from 'node:fs';
import { findModelEntry } from '../../services/models/catalogue';
import { ModelSourceError, modelSource } from '../../services/models/source';
import {
  ModelError,
  defaultModelsDir,
  downloadModel,
  importModel,
  listModels,
} from '../../services/models/manager';

/**
 * The `models` command of the command line: `models list`, `models download NAME`,
 * `models import FILE|FOLDER [--name NAME]` (a ggml file or a faster-whisper folder), each taking `--dir DIR` (default: the per-user models folder).
 */

/** Where the command writes; `isTTY` turns on the redrawn progress bar. */
export interface ModelsCommandIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  signal?: AbortSignal;
  /** Overrides the models folder (otherwise `--dir` or {@link defaultModelsDir}). */
  modelsDir?: string;
  /** Overrides the download server (tests). */
  baseUrl?: string;
}

function sizeText(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * One line of progress, e.g. `[##########----------]  50%  38.9/77.7 MB`, with a bar of
 * `width` cells. A total of 0 shows an empty bar at 0%.
 */
export function formatProgressBar(
  progress: Pick<DownloadProgress, 'receivedBytes' | 'totalBytes'>,
  width = 30,
): string {
  const fraction =
    progress.totalBytes > 0 ? Math.min(1, progress.receivedBytes / progress.totalBytes) : 0;
  const filled = Math.floor(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}  ${mb(progress.receivedBytes)}/${mb(progress.totalBytes)} MB`;
}

const USAGE =
  'usage: mock-interviewer models list [--dir DIR]\n' +
  '       mock-interviewer models download NAME [--dir DIR]\n' +
  '       mock-interviewer models import FILE|FOLDER [--name NAME] [--force] [--dir DIR]\n' +
  '         (FILE: a whisper.cpp ggml-*.bin; FOLDER: a faster-whisper model, converted)\n';

function takeOption(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}

/**
 * Runs `models <subcommand> ...` with `argv` being the words after `models`. Returns the exit
 * code: 0 done, 1 the operation failed (network, checksum, cancelled), 2 bad input.
 */
export async function runModelsCommand(argv: string[], io: ModelsCommandIo): Promise<number> {
  const args = [...argv];
  const dir = takeOption(args, '--dir') ?? io.modelsDir ?? defaultModelsDir();
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
    io.stderr.write(`--dir ${dir} is a file, not a folder; give a folder for the models\n`);
    return 2;
  }
  const [sub, ...rest] = args;
  try {
    if (sub === 'list') {
      const rows = await listModels(dir, modelSource().catalogue);
      io.stdout.write(`models in ${dir}\n`);
      for (const row of rows) {
        const state = row.installed
          ? 'installed'
          : row.partialBytes > 0
            ? `partial ${sizeText(row.partialBytes)}`
            : 'not installed';
        io.stdout.write(
          `${row.name.padEnd(10)} ${sizeText(row.sizeBytes).padStart(9)}  ${state.padEnd(16)} ${row.description}\n`,
        );
      }
      return 0;
    }
    if (sub === 'download' && rest.length === 1 && rest[0]) {
      const name = rest[0];
      let lastDrawn = -1;
      const source = modelSource();
      const result = await downloadModel(name, dir, {
        signal: io.signal,
        baseUrl: io.baseUrl ?? source.baseUrl,
        catalogue: source.catalogue,
        onProgress: (p) => {
          const percent = Math.floor((p.receivedBytes / p.totalBytes) * 100);
          if (io.stdout.isTTY) io.stdout.write(`\r${name} ${formatProgressBar(p)}`);
          else if (percent >= lastDrawn + 10 || p.receivedBytes === p.totalBytes) {
            io.stdout.write(`${name} ${formatProgressBar(p)}\n`);
            lastDrawn = percent;
          }
        },
      });
      if (io.stdout.isTTY) io.stdout.write('\n');
      const resumed =
        result.resumedFromBytes > 0 ? ` (resumed at ${sizeText(result.resumedFromBytes)})` : '';
      const check = result.verified
        ? 'SHA-256 verified'
        : `SHA-256 ${result.sha256 || 'not checked'}`;
      io.stdout.write(`${name} ready at ${result.path}${resumed}; ${check}\n`);
      return 0;
    }
    if (sub === 'import' && rest.length >= 1 && rest[0]) {
      const name = takeOption(rest, '--name');
      const force = rest.includes('--force');
      if (force) rest.splice(rest.indexOf('--force'), 1);
      if (name && findModelEntry(name) && !force) {
        io.stderr.write(
          `"${name}" is the name of a catalogue model; import under another --name, or add --force to replace it\n`,
        );
        return 2;
      }
      const source = rest[0];
      if (!source || rest.length !== 1) {
        io.stderr.write(USAGE);
        return 2;
      }
      const started = Date.now();
      const result = await importModel(source, dir, name ? { name } : {});
      const how =
        result.from === 'faster-whisper'
          ? `converted the faster-whisper model ${source} in ${((Date.now() - started) / 1000).toFixed(1)} s`
          : `imported ${source}`;
      io.stdout.write(`${how} as ${result.name} at ${result.path}\n`);
      return 0;
    }
    io.stderr.write(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof ModelSourceError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof ModelError) {
      io.stderr.write(`${error.message}\n`);
      const badInput: string[] = [
        'unknown-model',
        'not-ggml',
        'not-a-model',
        'unsupported-model',
        'corrupt-model',
      ];
      return badInput.includes(error.code) ? 2 : 1;
    }
    throw error;
  }
}
