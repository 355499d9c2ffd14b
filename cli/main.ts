import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TranscriptionError } from '../core/transcription/types';
import { runModelsCommand } from './commands/models';
import { PipelineError } from '../services/pipeline';
import { analyzeCommand } from './commands/analyze';
import type { CliIo } from './commands/common';
import { CliError, HELP_HINT, envOf, modelsDirOf } from './commands/common';
import type * as ServeModule from '../hosts/web/serve';
import { scenariosCommand } from './commands/scenarios';
import { scoreCommand } from './commands/score';
import { terminalStream } from './commands/terminal';

export type { CliIo } from './commands/common';

/** The help text of `mock-interviewer --help`. */
export const USAGE = `usage: mock-interviewer <command> [options]

Commands:
  score --text FILE [--scenario ID] [--json]
      Score a transcript: plain text, or timed words as JSON
      ([{"text","startMs","endMs"}, ...] or {"words": [...]}).
  score FILE.wav [--scenario ID] [--json] [--engine whisper|pocketsphinx|auto] [--model PATH]
      Transcribe a recording, measure its pauses, and score it.
  analyze FILE.wav [--json] [--no-transcribe] [--engine E] [--model PATH]
      Pauses, time to first word, fillers and speaking rate of a recording.
  scenarios lint [DIR]      Check scenario files; prints file:line: field: message.
  scenarios list [--json]   The scenarios available.
  models list | download NAME | import FILE [--name NAME]   [--dir DIR]
      Whisper models for transcription.
  serve [--port N]          Run the app in the browser on 127.0.0.1.

Without --scenario, score uses incident-minute-by-minute. Scenarios are read from the project's
scenarios/ folder, or from $MOCK_INTERVIEWER_SCENARIOS. Exit codes: 0 done, 1 failed,
2 bad input (the message says what to fix).
`;

async function serve(args: string[], io: CliIo): Promise<number> {
  let module: typeof ServeModule;
  try {
    module = await import('../hosts/web/serve');
  } catch (error) {
    throw new CliError(
      `the browser host is not available in this build (${(error as Error).message}); run \`npm run build\` and try again`,
      1,
    );
  }
  return module.serveCommand(args, {
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.signal ? { signal: io.signal } : {}),
  });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Exit code and message for an error a command threw. */
function report(error: unknown, io: CliIo): number {
  let code = 1;
  let message: string;
  if (error instanceof CliError) {
    code = error.exitCode;
    message = error.message;
  } else if (error instanceof PipelineError) {
    code = 2;
    message = error.message;
  } else if (error instanceof TranscriptionError) {
    code =
      error.code === 'cancelled'
        ? 130
        : error.code === 'model-missing' ||
            error.code === 'engine-missing' ||
            error.code === 'bad-audio'
          ? 2
          : 1;
    message = error.message;
  } else {
    // Internal text and paths stay out of the one line; the debug switch shows them.
    const code = (error as { code?: unknown } | null)?.code;
    message = `unexpected error${typeof code === 'string' ? ` (${code})` : ''}; try again, and set MOCK_INTERVIEWER_DEBUG=1 to see the details`;
    if (envOf(io).MOCK_INTERVIEWER_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
  }
  io.stderr.write(`mock-interviewer: ${oneLine(message)}\n`);
  return code;
}

/**
 * Runs the command line with `argv` (the words after the program name) and returns the exit
 * code: 0 done, 1 the operation failed, 2 bad input, 130 cancelled. Every failure is one line on
 * `io.stderr` saying what to do; nothing is thrown.
 */
export async function runCli(argv: string[], terminal: CliIo): Promise<number> {
  // Transcripts, scenario files and error messages are printed as text, never as commands to
  // the terminal (clipboard, window title, clear screen).
  const io: CliIo = {
    ...terminal,
    stdout: terminalStream(terminal.stdout),
    stderr: terminalStream(terminal.stderr),
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      case 'score':
        return await scoreCommand(rest, io);
      case 'analyze':
        return await analyzeCommand(rest, io);
      case 'scenarios':
        return await scenariosCommand(rest, io);
      case 'models':
        return await runModelsCommand(rest, {
          stdout: io.stdout,
          stderr: io.stderr,
          modelsDir: modelsDirOf(io),
          ...(io.signal ? { signal: io.signal } : {}),
        });
      case 'serve':
        return await serve(rest, io);
      default:
        throw new CliError(
          command.startsWith('-')
            ? `unknown option ${command}; ${HELP_HINT}`
            : `unknown command \`${command}\`; ${HELP_HINT}`,
        );
    }
  } catch (error) {
    return report(error, io);
  }
}

/**
 * Runs the command line in this process: arguments from `process.argv`, output to the process's
 * streams, Ctrl-C cancelling the running job (a second Ctrl-C ends the process), and the exit
 * code set on `process.exitCode`.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    process.exitCode = await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** True when this module is the script node was started with (source via tsx, or the bundle). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
