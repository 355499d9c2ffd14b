import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../../core/audio/wav';
import { detectSilences } from '../../../core/timing/silence';
import {
  SpeechError,
  chooseEngine,
  espeakArgs,
  festivalArgs,
  festivalDurationStretch,
  importSay,
  renderPrompt,
  spawnRunner,
} from '../../../services/speech/tts';
import type { CommandRunner, SayModule } from '../../../services/speech/tts';
import { requireTool } from '../../support/systemTools';

const text2wave = requireTool('text2wave', 'apt install festival festvox-kallpc16k');
const espeak = requireTool('espeak-ng', 'apt install espeak-ng');

const dirs: string[] = [];
function cacheDir() {
  const dir = mkdtempSync(join(tmpdir(), 'tts-cache-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The real runner, counting spawns and recording their arguments. */
function countingRunner() {
  const calls: { command: string; args: readonly string[] }[] = [];
  const runner: CommandRunner = (command, args, options) => {
    calls.push({ command, args });
    return spawnRunner(command, args, options);
  };
  return { runner, calls };
}

/** Speech inside a WAV: seconds of audio louder than the noise floor. */
function spokenSeconds(path: string) {
  const wav = parseWav(new Uint8Array(readFileSync(path)));
  const { speech } = detectSilences(wav.samples, wav.sampleRate);
  return speech.reduce((sum, s) => sum + (s.endMs - s.startMs), 0) / 1000;
}

const HOSTILE =
  'He said "roll back" (twice). Then: (system "touch MARKER") ; and \'(quit) `rm -rf /` $(touch MARKER)';

describe.each([
  { engine: 'festival' as const, tool: text2wave },
  { engine: 'espeak-ng' as const, tool: espeak },
])('renderPrompt with $engine', ({ engine, tool }) => {
  it.skipIf(!tool)(
    'speaks quotes, parentheses and Scheme as text and runs none of it',
    async () => {
      const marker = join(tmpdir(), `pwned-${process.pid}-${engine}`);
      rmSync(marker, { force: true });
      const { runner, calls } = countingRunner();
      const result = await renderPrompt(
        { text: HOSTILE.replaceAll('MARKER', marker) },
        { cacheDir: cacheDir(), engine, runner },
      );
      expect(existsSync(marker)).toBe(false);
      expect(calls.length).toBe(1);
      // The text travels in a file: no argument contains any of it.
      expect(calls[0]?.args.some((a) => a.includes('system') || a.includes(marker))).toBe(false);
      const wav = parseWav(new Uint8Array(readFileSync(result.wavPath)));
      expect(result.durationMs).toBe(Math.round((wav.samples.length * 1000) / wav.sampleRate));
      // About 25 spoken words: several seconds of speech, not an error beep.
      expect(spokenSeconds(result.wavPath)).toBeGreaterThan(4);
      expect(result).toMatchObject({ engine, cached: false });
    },
  );

  it.skipIf(!tool)(
    'returns the cached file on a second request without spawning again',
    async () => {
      const dir = cacheDir();
      const { runner, calls } = countingRunner();
      const request = { text: 'Walk me through the outage, minute by minute.' };
      const first = await renderPrompt(request, { cacheDir: dir, engine, runner });
      const second = await renderPrompt(request, { cacheDir: dir, engine, runner });
      expect(second).toEqual({ ...first, cached: true });
      expect(calls.length).toBe(1);
      expect(readdirSync(dir)).toEqual([first.wavPath.slice(dir.length + 1)]);
    },
  );

  it.skipIf(!tool)(
    'shares one synthesis between concurrent requests for the same prompt',
    async () => {
      const dir = cacheDir();
      const { runner, calls } = countingRunner();
      const request = { text: 'What did you change in the system afterwards?' };
      const [a, b] = await Promise.all([
        renderPrompt(request, { cacheDir: dir, engine, runner }),
        renderPrompt(request, { cacheDir: dir, engine, runner }),
      ]);
      expect(a.wavPath).toBe(b.wavPath);
      expect(calls.length).toBe(1);
    },
  );

  it.skipIf(!tool)('speaks more slowly at 110 than at 220 words a minute', async () => {
    const dir = cacheDir();
    const text = 'The error budget for the month was gone in forty five minutes.';
    const slow = await renderPrompt({ text, wordsPerMinute: 110 }, { cacheDir: dir, engine });
    const fast = await renderPrompt({ text, wordsPerMinute: 220 }, { cacheDir: dir, engine });
    expect(slow.wavPath).not.toBe(fast.wavPath);
    expect(slow.durationMs / fast.durationMs).toBeGreaterThan(1.5);
  });
});

describe.skipIf(!text2wave)('renderPrompt with festival failures', () => {
  it('reports an unknown voice with a hint, leaving no file in the cache', async () => {
    const dir = cacheDir();
    await expect(
      renderPrompt(
        { text: 'hello', voice: 'no_such_voice' },
        { cacheDir: dir, engine: 'festival' },
      ),
    ).rejects.toThrow(
      'text2wave wrote no audio: SIOD ERROR: unbound variable : voice_no_such_voice; check that the voice "no_such_voice" is installed (apt install festvox-kallpc16k for kal_diphone)',
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('renderPrompt argument handling', () => {
  const neverRun: CommandRunner = () => {
    throw new Error('no engine may run for an invalid request');
  };
  const festivalOnly = (name: string) => (name === 'text2wave' ? '/usr/bin/text2wave' : null);

  it.each([
    {
      request: { text: '   ' },
      message: 'the prompt text is empty: give the interviewer something to say',
    },
    {
      request: { text: 'x'.repeat(5001) },
      message: 'the prompt is 5001 characters; split it into prompts of at most 5000',
    },
    {
      request: { text: 'hi', wordsPerMinute: 40 },
      message: 'wordsPerMinute must be between 80 and 300, got 40',
    },
    {
      request: { text: 'hi', wordsPerMinute: Number.NaN },
      message: 'wordsPerMinute must be between 80 and 300, got NaN',
    },
    {
      request: { text: 'hi', voice: 'kal_diphone) (system "touch /tmp/x")' },
      message:
        '"kal_diphone) (system "touch /tmp/x")" is not a valid festival voice name: use letters, digits and underscores (e.g. kal_diphone)',
    },
  ])(
    'rejects $request.text.length-character text / $request.voice before spawning: $message',
    async ({ request, message }) => {
      await expect(
        renderPrompt(request, {
          cacheDir: cacheDir(),
          runner: neverRun,
          findTool: festivalOnly,
          platform: 'linux',
        }),
      ).rejects.toThrow(message);
    },
  );

  it('explains how to install an engine when none is found', async () => {
    const attempt = renderPrompt(
      { text: 'hi' },
      { cacheDir: cacheDir(), findTool: () => null, platform: 'linux' },
    );
    await expect(attempt).rejects.toBeInstanceOf(SpeechError);
    await expect(attempt).rejects.toThrow(
      'no speech engine found: install festival with its kal_diphone voice (apt install festival festvox-kallpc16k) or espeak-ng (apt install espeak-ng)',
    );
  });

  it.each<{ platform: NodeJS.Platform; tools: string[]; engine: string | null }>([
    { platform: 'linux' as const, tools: ['text2wave', 'espeak-ng'], engine: 'festival' },
    { platform: 'linux' as const, tools: ['espeak-ng'], engine: 'espeak-ng' },
    { platform: 'linux' as const, tools: [], engine: null },
    { platform: 'darwin' as const, tools: [], engine: 'say' },
    { platform: 'win32' as const, tools: ['espeak-ng'], engine: 'say' },
  ])('chooses $engine on $platform with $tools', ({ platform, tools, engine }) => {
    expect(chooseEngine(platform, (name) => (tools.includes(name) ? name : null))).toBe(engine);
  });

  it.each([
    { wordsPerMinute: 175, stretch: '1.000' },
    { wordsPerMinute: 140, stretch: '1.250' },
    { wordsPerMinute: 150, stretch: '1.167' },
    { wordsPerMinute: 300, stretch: '0.583' },
  ])(
    'asks festival for Duration_Stretch $stretch at $wordsPerMinute words a minute',
    ({ wordsPerMinute, stretch }) => {
      expect(festivalDurationStretch(wordsPerMinute).toFixed(3)).toBe(stretch);
      expect(festivalArgs('/t/prompt.txt', '/t/out.wav', 'kal_diphone', wordsPerMinute)).toEqual([
        '/t/prompt.txt',
        '-o',
        '/t/out.wav',
        '-eval',
        '(voice_kal_diphone)',
        '-eval',
        `(Parameter.set 'Duration_Stretch ${stretch})`,
      ]);
    },
  );

  it('passes espeak-ng the rate in words a minute and the text as a file', () => {
    expect(espeakArgs('/t/prompt.txt', '/t/out.wav', 'en-us', 150)).toEqual([
      '-v',
      'en-us',
      '-s',
      '150',
      '-w',
      '/t/out.wav',
      '-f',
      '/t/prompt.txt',
    ]);
  });
});

describe('renderPrompt with the say package (macOS and Windows)', () => {
  it.runIf(process.platform === 'linux')(
    'drives the installed say package, whose export Linux lacks, and says the system voice failed',
    async () => {
      await expect(
        renderPrompt(
          { text: 'Tell me about an outage.' },
          { cacheDir: cacheDir(), engine: 'say', platform: 'linux' },
        ),
      ).rejects.toThrow('the system voice failed: say.export(): does not support platform');
    },
  );

  it.runIf(process.platform === 'darwin' || process.platform === 'win32')(
    'renders a prompt to a WAV with the installed say package',
    async () => {
      const result = await renderPrompt(
        { text: 'Tell me about an outage.' },
        { cacheDir: cacheDir() },
      );
      expect(result.engine).toBe('say');
      expect(result.durationMs).toBeGreaterThan(500);
    },
  );

  it('explains that the say package must be installed when it is missing', async () => {
    await expect(importSay('say-is-not-installed-here')).rejects.toThrow(
      'speaking prompts on macOS and Windows needs the "say" package, which is not installed: run npm install say',
    );
    await expect(
      renderPrompt(
        { text: 'hello' },
        {
          cacheDir: cacheDir(),
          platform: 'darwin',
          loadSay: () => importSay('say-is-not-installed-here'),
        },
      ),
    ).rejects.toThrow('needs the "say" package');
  });

  it('exports through say with the rate as a speed ratio and a leading dash guarded', async () => {
    const calls: unknown[][] = [];
    const say: SayModule = {
      export(text, voice, speed, filename, callback) {
        calls.push([text, voice, speed]);
        writeFileSync(filename, encodeWav(new Float32Array(16000)));
        callback();
      },
    };
    const result = await renderPrompt(
      { text: '-o /tmp/elsewhere please', voice: 'Samantha', wordsPerMinute: 140 },
      { cacheDir: cacheDir(), platform: 'darwin', loadSay: async () => say },
    );
    expect(calls).toEqual([[' -o /tmp/elsewhere please', 'Samantha', 0.8]]);
    expect(result).toMatchObject({ engine: 'say', durationMs: 1000, cached: false });
  });
});
