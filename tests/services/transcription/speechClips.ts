import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav, parseWav } from '../../../core/audio/wav';
import { resampleTo16k } from '../../../core/audio/resample';
import type { PocketsphinxCommand } from '../../../services/transcription/pocketsphinx';
import { findPocketsphinx } from '../../../services/transcription/pocketsphinx';
import { requireTool } from '../../support/systemTools';

/** festival's text2wave, or null (a skip locally, a failure under CI). */
export const text2wave = requireTool('text2wave', 'apt-get install festival');

/** A pocketsphinx command line, or null (a skip locally, a failure under CI). */
export const pocketsphinx: PocketsphinxCommand | null =
  findPocketsphinx() ??
  (requireTool('pocketsphinx_continuous', 'apt-get install pocketsphinx pocketsphinx-en-us')
    ? findPocketsphinx()
    : null);

/** The sentence the recognition tests speak; pocketsphinx hears festival's voice well on it. */
export const INCIDENT_SENTENCE =
  'the outage lasted forty five minutes and i rolled back the release in four minutes';

/** A second sentence, for clips with more than one utterance. */
export const PAGING_SENTENCE =
  'i paged the database team and we restored service in twelve minutes';

/** Speaks `text` with festival and returns 16 kHz mono samples. */
export function speak(text: string, dir: string, name: string): Float32Array {
  const path = join(dir, `${name}.raw.wav`);
  execFileSync(text2wave ?? 'text2wave', ['-o', path], { input: text });
  const wav = parseWav(readFileSync(path));
  return wav.sampleRate === 16000 ? wav.samples : resampleTo16k(wav.samples, wav.sampleRate);
}

/** Joins clips with `pauseMs` of digital silence between them (and none at the ends). */
export function joinWithPauses(clips: Float32Array[], pauseMs: number): Float32Array {
  const pause = Math.round((pauseMs * 16000) / 1000);
  const total = clips.reduce((n, c) => n + c.length, 0) + pause * Math.max(0, clips.length - 1);
  const out = new Float32Array(total);
  let at = 0;
  clips.forEach((clip, i) => {
    if (i > 0) at += pause;
    out.set(clip, at);
    at += clip.length;
  });
  return out;
}

/** Writes 16 kHz samples as a 16-bit WAV and returns its path. */
export function saveWav(samples: Float32Array, dir: string, name: string): string {
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, encodeWav(samples, 16000));
  return path;
}

/** Share of `expected` words found in `heard`, counting repeats (each heard word used once). */
export function wordRecall(expected: string[], heard: string[]): number {
  const pool = heard.map((w) => w.toLowerCase());
  let found = 0;
  for (const word of expected) {
    const at = pool.indexOf(word);
    if (at >= 0) {
      found++;
      pool.splice(at, 1);
    }
  }
  return found / expected.length;
}
