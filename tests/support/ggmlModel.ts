import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WhisperHparams } from '../../services/models/ggml';
import { whisperMelFilters } from '../../services/models/ggml';
import { floatToHalf } from '../../services/models/halfFloat';

/**
 * Writes whisper.cpp's legacy ggml model format with seeded random weights, for tests where the
 * words do not matter (loading, crashes, timeouts, cancellation) and the real tiny.en that setup
 * installs would only add time. Filters and half-precision rounding come from the converter
 * (services/models). The layout follows whisper.cpp's converter: magic, eleven int32 hparams, the mel
 * filter bank (n_mel, n_fft, f32 data), the vocabulary (count, then length-prefixed bytes), then
 * each tensor as n_dims, name length, type (0 = f32, 1 = f16), dims in ggml order, name, data.
 *
 * The weights are noise: a model written here loads and runs, but what it "hears" is
 * meaningless. Tests built on it check plumbing (loading, timing, progress, cancellation,
 * crash isolation), never accuracy.
 */

/** The eleven header integers of a whisper ggml file, as the converter writes them. */
export type GgmlHparams = WhisperHparams;

/** The shape of OpenAI's tiny.en checkpoint. */
export const TINY_EN_HPARAMS: GgmlHparams = {
  nVocab: 51864,
  nAudioCtx: 1500,
  nAudioState: 384,
  nAudioHead: 6,
  nAudioLayer: 4,
  nTextCtx: 448,
  nTextState: 384,
  nTextHead: 6,
  nTextLayer: 4,
  nMels: 80,
  ftype: 1,
};

/**
 * whisper.cpp threads for jobs on these models. whisper.cpp's threads spin at every step until
 * all of them are done, so with two threads on two cores that other test files keep busy, each
 * step waits for a descheduled thread: a 2 s job on a 5 s clip took 85 s beside two busy
 * processes, against 4.4 s with one thread (the same words). One thread slows only in
 * proportion to the load, and the words do not matter here.
 */
export const TEST_MODEL_THREADS = 1;

/** Bump when the bytes written for a given seed change, so stale cached files are not reused. */
export const GGML_TEST_MODEL_VERSION = 'v2';

const GGML_MAGIC = 0x67676d6c;
/** The .en vocabulary stores GPT-2's 50256 tokens; whisper.cpp adds the specials itself. */
const STORED_TOKENS = 50256;

export interface GgmlModelOptions {
  seed?: number;
  hparams?: Partial<GgmlHparams>;
  /** Largest absolute weight value; small keeps activations finite. */
  weightScale?: number;
}

interface TensorSpec {
  name: string;
  /** Dimensions in ggml order (fastest-varying first). */
  ne: number[];
  f16: boolean;
  /** How values are filled: noise around 0, or ones (layer-norm gains). */
  fill: 'noise' | 'ones';
}

/** mulberry32: a tiny seeded PRNG, returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tensorSpecs(h: GgmlHparams): TensorSpec[] {
  const big = h.ftype === 1;
  const specs: TensorSpec[] = [];
  const add = (name: string, ne: number[], f16: boolean, fill: TensorSpec['fill'] = 'noise') =>
    specs.push({ name, ne, f16, fill });
  const block = (prefix: string, state: number, cross: boolean) => {
    const attention = (kind: string) => {
      add(`${prefix}.${kind}_ln.weight`, [state], false, 'ones');
      add(`${prefix}.${kind}_ln.bias`, [state], false);
      add(`${prefix}.${kind}.query.weight`, [state, state], big);
      add(`${prefix}.${kind}.query.bias`, [state], false);
      add(`${prefix}.${kind}.key.weight`, [state, state], big);
      add(`${prefix}.${kind}.value.weight`, [state, state], big);
      add(`${prefix}.${kind}.value.bias`, [state], false);
      add(`${prefix}.${kind}.out.weight`, [state, state], big);
      add(`${prefix}.${kind}.out.bias`, [state], false);
    };
    attention('attn');
    if (cross) attention('cross_attn');
    add(`${prefix}.mlp_ln.weight`, [state], false, 'ones');
    add(`${prefix}.mlp_ln.bias`, [state], false);
    add(`${prefix}.mlp.0.weight`, [state, 4 * state], big);
    add(`${prefix}.mlp.0.bias`, [4 * state], false);
    add(`${prefix}.mlp.2.weight`, [4 * state, state], big);
    add(`${prefix}.mlp.2.bias`, [state], false);
  };

  add('encoder.positional_embedding', [h.nAudioState, h.nAudioCtx], false);
  add('encoder.conv1.weight', [3, h.nMels, h.nAudioState], big);
  add('encoder.conv1.bias', [1, h.nAudioState], false);
  add('encoder.conv2.weight', [3, h.nAudioState, h.nAudioState], big);
  add('encoder.conv2.bias', [1, h.nAudioState], false);
  for (let i = 0; i < h.nAudioLayer; i++) block(`encoder.blocks.${i}`, h.nAudioState, false);
  add('encoder.ln_post.weight', [h.nAudioState], false, 'ones');
  add('encoder.ln_post.bias', [h.nAudioState], false);

  add('decoder.positional_embedding', [h.nTextState, h.nTextCtx], false);
  add('decoder.token_embedding.weight', [h.nTextState, h.nVocab], big);
  for (let i = 0; i < h.nTextLayer; i++) block(`decoder.blocks.${i}`, h.nTextState, true);
  add('decoder.ln.weight', [h.nTextState], false, 'ones');
  add('decoder.ln.bias', [h.nTextState], false);
  return specs;
}

const COMMON_WORDS = (
  'the of and to in is it that was for on are with as at be this have from or one had by ' +
  'but not what all were we when your can said there use an each which she do how their if ' +
  'will up other about out many then them these so some her would make like him into time ' +
  'has look two more write go see number no way could people my than first been call who ' +
  'its now find long down day did get come made may part over new sound take only little ' +
  'work know place year live me back give most very after thing our just name good sentence ' +
  'man think say great where help through much before line right too mean old any same tell ' +
  'deploy outage rollback minutes seconds incident alert page service latency error budget ' +
  'so um uh hmm okay well yeah thanks you'
).split(' ');

/** Plausible BPE-like token strings: every single byte, common words, then syllable pieces. */
function vocabulary(count: number, random: () => number): Uint8Array[] {
  const encoder = new TextEncoder();
  const tokens: Uint8Array[] = [];
  const seen = new Set<string>();
  const push = (bytes: Uint8Array) => {
    const key = Array.from(bytes).join(',');
    if (tokens.length >= count || seen.has(key)) return;
    seen.add(key);
    tokens.push(bytes);
  };
  for (let b = 0; b < 256; b++) push(Uint8Array.of(b));
  for (const word of COMMON_WORDS) {
    push(encoder.encode(` ${word}`));
    push(encoder.encode(word));
    push(encoder.encode(` ${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`));
  }
  const onsets = [
    'b',
    'c',
    'd',
    'f',
    'g',
    'h',
    'l',
    'm',
    'n',
    'p',
    'r',
    's',
    't',
    'v',
    'w',
    'st',
    'tr',
    'pl',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai'];
  const codas = ['', 'n', 'r', 's', 't', 'nd', 'ng', 'ck', 'll', 'rt'];
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  while (tokens.length < count) {
    const syllables = 1 + Math.floor(random() * 3);
    let piece = '';
    for (let s = 0; s < syllables; s++) piece += pick(onsets) + pick(vowels) + pick(codas);
    push(encoder.encode(random() < 0.6 ? ` ${piece}` : piece));
  }
  return tokens;
}

class ChunkWriter {
  private buffer = Buffer.alloc(1 << 20);
  private used = 0;
  constructor(private readonly fd: number) {}

  private ensure(bytes: number) {
    if (this.used + bytes > this.buffer.length) this.flush();
    if (bytes > this.buffer.length) this.buffer = Buffer.alloc(bytes);
  }
  int32(value: number) {
    this.ensure(4);
    this.buffer.writeInt32LE(value, this.used);
    this.used += 4;
  }
  bytes(data: Uint8Array) {
    this.ensure(data.length);
    this.buffer.set(data, this.used);
    this.used += data.length;
  }
  flush() {
    if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

/** Writes a ggml whisper model to `path` (written beside it first, then renamed into place). */
export function writeGgmlModel(path: string, options: GgmlModelOptions = {}): void {
  const h: GgmlHparams = { ...TINY_EN_HPARAMS, ...options.hparams };
  const random = prng(options.seed ?? 1);
  const scale = options.weightScale ?? 0.05;
  const partPath = `${path}.${process.pid}.tmp`;
  const fd = openSync(partPath, 'w');
  try {
    const out = new ChunkWriter(fd);
    out.int32(GGML_MAGIC);
    for (const value of [
      h.nVocab,
      h.nAudioCtx,
      h.nAudioState,
      h.nAudioHead,
      h.nAudioLayer,
      h.nTextCtx,
      h.nTextState,
      h.nTextHead,
      h.nTextLayer,
      h.nMels,
      h.ftype,
    ]) {
      out.int32(value);
    }
    const filters = whisperMelFilters(h.nMels);
    out.int32(filters.nMels);
    out.int32(filters.bins);
    out.bytes(
      new Uint8Array(filters.data.buffer, filters.data.byteOffset, filters.data.byteLength),
    );

    const tokens = vocabulary(Math.min(STORED_TOKENS, h.nVocab), random);
    out.int32(tokens.length);
    for (const token of tokens) {
      out.int32(token.length);
      out.bytes(token);
    }

    const encoder = new TextEncoder();
    for (const spec of tensorSpecs(h)) {
      const name = encoder.encode(spec.name);
      out.int32(spec.ne.length);
      out.int32(name.length);
      out.int32(spec.f16 ? 1 : 0);
      for (const n of spec.ne) out.int32(n);
      out.bytes(name);
      const count = spec.ne.reduce((a, b) => a * b, 1);
      const rowLength = 1 << 16;
      for (let done = 0; done < count; done += rowLength) {
        const n = Math.min(rowLength, count - done);
        if (spec.f16) {
          const row = new Uint16Array(n);
          for (let i = 0; i < n; i++) {
            row[i] = spec.fill === 'ones' ? 0x3c00 : floatToHalf((random() * 2 - 1) * scale);
          }
          out.bytes(new Uint8Array(row.buffer));
        } else {
          const row = new Float32Array(n);
          for (let i = 0; i < n; i++)
            row[i] = spec.fill === 'ones' ? 1 : (random() * 2 - 1) * scale;
          out.bytes(new Uint8Array(row.buffer));
        }
      }
    }
    out.flush();
  } finally {
    closeSync(fd);
  }
  renameSync(partPath, path);
}

/**
 * Path of a cached tiny.en-shaped model with random weights (seed 1), written on first use
 * into the OS temp folder and reused while `GGML_TEST_MODEL_VERSION` stays the same.
 */
export function tinyEnTestModel(
  options: { seed?: number; hparams?: Partial<GgmlHparams> } = {},
): string {
  const dir = join(tmpdir(), 'mock-interviewer-test-models');
  mkdirSync(dir, { recursive: true });
  const seed = options.seed ?? 1;
  const variant = options.hparams
    ? `-${Object.entries(options.hparams)
        .map(([k, v]) => `${k}${String(v)}`)
        .join('-')}`
    : '';
  const path = join(dir, `ggml-tiny.en-random-${GGML_TEST_MODEL_VERSION}-s${seed}${variant}.bin`);
  if (!existsSync(path)) writeGgmlModel(path, { seed, hparams: options.hparams });
  return path;
}
