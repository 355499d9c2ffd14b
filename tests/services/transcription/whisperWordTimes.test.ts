import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { werWords } from '../../../core/transcription/wordErrorRate';
import { createWhisperTranscriber } from '../../../services/transcription/whisper/whisperTranscriber';
import { festivalSentence, sameWords } from '../../support/festivalWords';
import { requireTool } from '../../support/systemTools';
import { realTinyEnModel } from './realSpeech';

/**
 * Word starts inside continuous speech, against festival's own word timings: 26 answers-like
 * sentences, 10 of them spoken 10% faster or 25% slower. Only words Whisper got right are
 * compared. Skipped with a reason without festival or the real tiny.en; failing under CI.
 */

const SENTENCES: [string, number][] = [
  ['the checkout service started failing at nine fifteen and i paged the engineer on call', 1],
  ['we rolled back the deploy at once and the errors stopped within two minutes', 1],
  ['um so the first thing i did was check the dashboards for the payment service', 1],
  ['the database ran out of connections because a retry loop had no backoff at all', 1],
  ['i wrote the incident summary and uh shared it with the whole team that afternoon', 1],
  ['latency went from two hundred milliseconds to almost four seconds for every user', 1],
  ['we added a circuit breaker so one slow dependency cannot take the site down again', 1],
  ['honestly i should have escalated sooner but i thought i could fix it myself', 1],
  ['the alert fired at three in the morning and nobody acknowledged it for twenty minutes', 1],
  ['our error budget was gone by tuesday so we froze every feature release', 1],
  ['i asked the storage team whether anything had changed and they said no', 1],
  ['after the review we made the runbook shorter and tested it in a game day', 1],
  ['the cache hit rate dropped to forty percent after the config change went out', 1],
  ['so um what i learned is to measure first and guess later', 1],
  ['we lost about twelve thousand requests before the load balancer drained the bad hosts', 1],
  ['it was not a network problem at all it was a certificate that had expired', 1],
  ['the queue backed up because the consumers were stuck on a poison message', 0.9],
  ['i checked the logs and saw the same timeout on every single request', 1.25],
  ['we moved the traffic to the other region while we rebuilt the cluster', 0.9],
  ['the root cause was a missing index on the orders table', 1.25],
  ['nobody owned that service so the alerts went to an empty channel for weeks', 0.9],
  ['i would add a canary stage so a bad build reaches one percent of users first', 1.25],
  ['the disk filled up with debug logs that someone forgot to turn off', 0.9],
  ['our pager rotation had too many people so nobody knew the system well', 1.25],
  ['we measured the recovery time and it went from an hour to ten minutes', 0.9],
  ['the memory leak only showed up after the pods had been running for three days', 1.25],
];

const model = realTinyEnModel();
const festival = requireTool('festival', 'apt-get install festival festvox-kallpc16k');

describe.skipIf(!model || !festival)('Whisper word starts against festival word times', () => {
  const transcriber = createWhisperTranscriber({ modelPath: model ?? '', threads: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'mi-word-times-'));
  /** Start error of every word heard right, ms (placed minus true). */
  const errors: number[] = [];

  beforeAll(async () => {
    for (const [index, [text, stretch]] of SENTENCES.entries()) {
      const sentence = festivalSentence(festival ?? '', dir, `s${index}`, text, stretch);
      const result = await transcriber.transcribe({ wavPath: sentence.wavPath });
      // One entry per compared word ("Q-Backtop" is two), each with the start of its word.
      const heard = result.words.flatMap((w) => werWords(w.text).map((text) => ({ ...w, text })));
      const pairs = sameWords(
        sentence.words.map((w) => w.text),
        heard.map((w) => w.text),
      );
      for (const [r, h] of pairs) {
        errors.push((heard[h]?.startMs ?? 0) - (sentence.words[r]?.startMs ?? 0));
      }
    }
  }, 600_000);
  afterAll(() => {
    transcriber.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compares most of the words', () => {
    expect(errors.length).toBeGreaterThan(250);
  });

  it('starts at least 66% of the words within 150 ms and half within 110 ms', () => {
    const abs = errors.map(Math.abs).sort((a, b) => a - b);
    const within150 = abs.filter((e) => e <= 150).length / abs.length;
    const median = abs[Math.floor(abs.length / 2)] ?? Infinity;
    console.info(
      `word starts: ${abs.length} words, ${(within150 * 100).toFixed(1)}% within 150 ms, ` +
        `median ${median} ms, p90 ${abs[Math.floor(abs.length * 0.9)]} ms, max ${abs[abs.length - 1]} ms`,
    );
    expect(within150).toBeGreaterThanOrEqual(0.66);
    expect(median).toBeLessThanOrEqual(110);
  });
});
