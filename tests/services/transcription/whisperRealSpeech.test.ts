import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptionResult } from '../../../core/transcription/types';
import { wordErrorRate, werWords } from '../../../core/transcription/wordErrorRate';
import { analyzeSamples } from '../../../services/pipeline/index';
import { createWhisperTranscriber } from '../../../services/transcription/whisper/whisperTranscriber';
import type { JoinedTake } from './realSpeech';
import {
  LIBRIVOX_DIR,
  SHARED_SPEECH_DIR,
  joinedLibrivoxTake,
  readReferenceVtt,
  realTinyEnModel,
  requireFile,
} from './realSpeech';

/**
 * The app's Whisper transcriber (worker, silence squeezing, word alignment, filters, default
 * prompt) on real recordings with the real tiny.en weights `npm run setup -- --test-tools`
 * installs. Skipped with a reason on a machine without them; failing under CI.
 */

const model = realTinyEnModel();
const jfk = requireFile(join(SHARED_SPEECH_DIR, 'jfk.wav'), 'the shared speech folder');
const guinness = requireFile(
  join(SHARED_SPEECH_DIR, 'disfluent-guinness.wav'),
  'the shared speech folder',
);
const librivox = requireFile(
  join(LIBRIVOX_DIR, 'fileids'),
  'apt-get install pocketsphinx-testdata',
);

const JFK_REFERENCE =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';

function text(result: TranscriptionResult): string {
  return result.words.map((w) => w.text).join(' ');
}

describe.skipIf(!model || !jfk || !guinness || !librivox)('Whisper tiny.en on real speech', () => {
  const transcriber = createWhisperTranscriber({ modelPath: model ?? '', threads: 2 });
  let take: JoinedTake;
  let joined: TranscriptionResult;

  beforeAll(async () => {
    take = joinedLibrivoxTake();
    joined = await transcriber.transcribe({ samples: take.samples });
  }, 300_000);
  afterAll(() => transcriber.dispose());

  it('writes jfk.wav word for word', async () => {
    const result = await transcriber.transcribe({ wavPath: jfk ?? '' });
    expect(wordErrorRate(JFK_REFERENCE, text(result)).rate).toBe(0);
  });

  it('gets at most 12% of the words wrong on five LibriVox clips joined with 1-10 s of faint noise', () => {
    expect(wordErrorRate(take.reference, text(joined)).rate).toBeLessThanOrEqual(0.12);
  });

  it('puts no word inside any of the inserted silences', () => {
    expect(take.gaps.map((g) => g.endMs - g.startMs)).toEqual([1000, 3000, 6000, 10000]);
    for (const gap of take.gaps) {
      expect(joined.words.filter((w) => w.endMs > gap.startMs && w.startMs < gap.endMs)).toEqual(
        [],
      );
    }
  });

  it('invents no "thank you" and repeats no phrase', () => {
    const words = werWords(text(joined));
    expect(words.join(' ')).not.toMatch(/thank you|thanks for watching/);
    for (let n = 1; n <= 4; n++) {
      for (let i = 0; i + 2 * n <= words.length; i++) {
        const phrase = words.slice(i, i + n).join(' ');
        expect(words.slice(i + n, i + 2 * n).join(' ')).not.toBe(phrase);
      }
    }
  });

  it("finds every inserted silence in the take's pause list", () => {
    const analysis = analyzeSamples(take.samples, joined.words, { slotMs: 600_000 });
    for (const gap of take.gaps) {
      const pause = analysis.pauses.find(
        (p) => p.startMs <= gap.startMs + 100 && p.endMs >= gap.endMs - 100,
      );
      expect(pause, `pause over ${gap.startMs}-${gap.endMs}`).toBeDefined();
    }
  });

  describe('disfluent speech (disfluent-guinness.wav)', () => {
    let result: TranscriptionResult;
    const reference = guinness
      ? readReferenceVtt(join(SHARED_SPEECH_DIR, 'disfluent-guinness.reference.vtt'))
      : [];

    beforeAll(async () => {
      result = await transcriber.transcribe({ wavPath: guinness ?? '' });
    }, 300_000);

    it('keeps both fillers, "uh" and "um"', () => {
      const words = werWords(text(result));
      expect(words).toContain('uh');
      expect(words).toContain('um');
    });

    it('puts no word inside the 2.2 s pause after "taste"', () => {
      expect(result.words.filter((w) => w.endMs > 6800 && w.startMs < 8980)).toEqual([]);
    });

    /**
     * Start error allowed per word (ms), in spoken order (the reference's first 14 words; its
     * last three, "I don't know" in 160 ms, are never heard). 150 ms is the aim; where it is
     * not met the bound is what the alignment reaches today (docs/transcription.md): after a
     * slow "or" (480 ms), "not" is placed between dips and "at" takes the dip before "not".
     */
    const allowedMs: [string, number][] = [
      ['yeah', 150],
      ['so', 150],
      ['uh', 150],
      ['tonight', 150],
      ['the', 150],
      ['guinness', 150],
      ['will', 150],
      ['taste', 150],
      ['delicious', 150],
      ['um', 150],
      ['or', 150],
      ['not', 400],
      ['at', 250],
      ['all', 150],
    ];

    it.each(allowedMs)('starts "%s" within %i ms of the reference', (word, ms) => {
      const index = allowedMs.findIndex(([w]) => w === word);
      const expected = reference[index];
      const heard = result.words[index];
      expect(werWords(expected?.text ?? '')).toEqual([word]);
      expect(werWords(heard?.text ?? '')).toEqual([word]);
      expect(Math.abs((heard?.startMs ?? 0) - (expected?.startMs ?? 0))).toBeLessThanOrEqual(ms);
    });
  });
});
