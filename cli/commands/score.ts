import { DEFAULT_SCENARIO_ID } from '../../services/scenarios/library';
import { analyzeRecording, scoreWithScenario } from '../../services/pipeline';
import type { RecordingAnalysis } from '../../services/pipeline';
import type { CliIo } from './common';
import {
  CliError,
  HELP_HINT,
  checkRecordingFile,
  engineFlag,
  loadScenario,
  modelsDirOf,
  parseArgs,
  resolveModel,
  resolvePath,
  stringFlag,
  writeJson,
} from './common';
import { formatScore, scoreJson } from './report';
import { readTranscriptFile } from './transcriptFile';

/**
 * `score --text FILE [--scenario ID] [--json]` scores a transcript (plain text or timed words);
 * `score FILE.wav [--scenario ID] [--json] [--engine E] [--model PATH]` analyses and transcribes
 * a recording first. Without `--scenario` the default scenario is used.
 */
export async function scoreCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('score', args, {
    text: 'string',
    scenario: 'string',
    json: 'boolean',
    engine: 'string',
    model: 'string',
  });
  const textFile = stringFlag(parsed, 'text');
  const [wavFile, extra] = parsed.positionals;
  if (extra !== undefined) {
    throw new CliError(`score takes one recording, got "${wavFile}" and "${extra}"; ${HELP_HINT}`);
  }
  if (textFile !== undefined && wavFile !== undefined) {
    throw new CliError('give either --text FILE or a recording FILE.wav to score, not both');
  }
  if (textFile === undefined && wavFile === undefined) {
    throw new CliError(`score needs --text FILE or a recording FILE.wav; ${HELP_HINT}`);
  }
  if (
    textFile !== undefined &&
    (parsed.flags.engine !== undefined || parsed.flags.model !== undefined)
  ) {
    throw new CliError('--engine and --model apply to recordings only; drop them for --text');
  }
  const engine = wavFile !== undefined ? engineFlag(stringFlag(parsed, 'engine')) : 'auto';
  const scenario = await loadScenario(io, stringFlag(parsed, 'scenario') ?? DEFAULT_SCENARIO_ID);

  let analysis: RecordingAnalysis | undefined;
  let report;
  if (textFile !== undefined) {
    const transcript = await readTranscriptFile(resolvePath(io, textFile), textFile);
    report = scoreWithScenario(transcript, scenario);
  } else {
    const file = wavFile ?? '';
    await checkRecordingFile(resolvePath(io, file), resolvePath(io, file));
    analysis = await analyzeRecording(resolvePath(io, file), {
      transcribe: true,
      engine,
      modelsDir: modelsDirOf(io),
      slotMs: scenario.slotSeconds * 1000,
      ...(stringFlag(parsed, 'model')
        ? { modelPath: resolveModel(io, stringFlag(parsed, 'model') ?? '') }
        : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    if (analysis.words.length === 0) {
      throw new CliError(
        `no words were recognised in ${file}; check that it holds speech (play it back) or try another --engine`,
      );
    }
    report = scoreWithScenario(analysis, scenario);
  }
  if (parsed.flags.json) writeJson(io, scoreJson(report, scenario, analysis));
  else io.stdout.write(formatScore(report, scenario, analysis));
  return 0;
}
