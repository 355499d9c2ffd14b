import { analyzeRecording } from '../../services/pipeline';
import type { CliIo } from './common';
import {
  CliError,
  HELP_HINT,
  checkRecordingFile,
  engineFlag,
  modelsDirOf,
  parseArgs,
  resolveModel,
  resolvePath,
  stringFlag,
  writeJson,
} from './common';
import { formatTiming, timingJson } from './report';

/**
 * `analyze FILE.wav [--json] [--no-transcribe] [--engine E] [--model PATH]`: the timing of a
 * recording (pauses, time to first word, fillers, rate) and, unless `--no-transcribe`, its words.
 */
export async function analyzeCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('analyze', args, {
    json: 'boolean',
    'no-transcribe': 'boolean',
    engine: 'string',
    model: 'string',
  });
  const [file, extra] = parsed.positionals;
  if (file === undefined) throw new CliError(`analyze needs a recording FILE.wav; ${HELP_HINT}`);
  if (extra !== undefined) {
    throw new CliError(`analyze takes one recording, got "${file}" and "${extra}"; ${HELP_HINT}`);
  }
  const transcribe = parsed.flags['no-transcribe'] !== true;
  if (!transcribe && (parsed.flags.engine !== undefined || parsed.flags.model !== undefined)) {
    throw new CliError('--engine and --model need transcription; drop them or --no-transcribe');
  }
  const engine = engineFlag(stringFlag(parsed, 'engine'));
  const model = stringFlag(parsed, 'model');
  await checkRecordingFile(resolvePath(io, file), resolvePath(io, file));
  const analysis = await analyzeRecording(resolvePath(io, file), {
    transcribe,
    engine,
    modelsDir: modelsDirOf(io),
    ...(model ? { modelPath: resolveModel(io, model) } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  if (parsed.flags.json) writeJson(io, timingJson(analysis));
  else io.stdout.write(formatTiming(analysis));
  return 0;
}
