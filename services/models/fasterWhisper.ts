import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Ct2Model } from './ctranslate2';
import { ModelError } from './errors';
import type { GgmlTensor, GgmlType, WhisperHparams } from './ggml';
import { whisperMelFilters, writeWhisperGgml } from './ggml';
import { encodeHalves } from './halfFloat';

/**
 * Converts a faster-whisper model folder (CTranslate2's `WhisperSpec`: model.bin, config.json
 * and tokenizer files) into the ggml file whisper.cpp loads. The hyper-parameters come from the
 * weights' shapes, the mel filters are computed, the vocabulary comes from the folder's
 * tokenizer files, CTranslate2's fused attention projections are split back into query, key
 * and value, int8 weights are dequantised with their scales, and every tensor is written in the
 * type whisper.cpp expects (f16 weight matrices, f32 biases, norms and position tables).
 */

/** One ggml tensor and where its values come from in the CTranslate2 model. */
export interface TensorPlan {
  name: string;
  ne: number[];
  type: GgmlType;
  /** CTranslate2 variable and the rows of it this tensor takes. */
  source: string;
  startRow: number;
  rowCount: number;
}

function layerCount(model: Ct2Model, stack: 'encoder' | 'decoder'): number {
  let count = 0;
  while (model.has(`${stack}/layer_${count}/ffn/linear_0/weight`)) count++;
  return count;
}

function dims(model: Ct2Model, name: string, rank: number): number[] {
  const shape = model.variable(name).shape;
  if (shape.length !== rank || shape.some((n) => n <= 0)) {
    throw new ModelError(
      'unsupported-model',
      `${name} has shape [${shape.join(', ')}]; a Whisper model has a rank-${rank} tensor there.`,
    );
  }
  return shape;
}

/**
 * The hyper-parameters of the Whisper model inside `model`, read from its tensors' shapes and
 * its stored head counts. Throws `unsupported-model` for any other architecture.
 */
export async function whisperHparams(model: Ct2Model): Promise<WhisperHparams> {
  if (model.header.specName !== 'WhisperSpec') {
    throw new ModelError(
      'unsupported-model',
      `This CTranslate2 model is a ${model.header.specName}, not a Whisper model; only Whisper models can be converted.`,
    );
  }
  const [nAudioState, nMels] = dims(model, 'encoder/conv1/weight', 3);
  const [nAudioCtx] = dims(model, 'encoder/position_encodings/encodings', 2);
  const [nVocab, nTextState] = dims(model, 'decoder/embeddings/weight', 2);
  const [nTextCtx] = dims(model, 'decoder/position_encodings/encodings', 2);
  const hparams: WhisperHparams = {
    nVocab: nVocab ?? 0,
    nAudioCtx: nAudioCtx ?? 0,
    nAudioState: nAudioState ?? 0,
    nAudioHead: await model.scalar('encoder/num_heads'),
    nAudioLayer: layerCount(model, 'encoder'),
    nTextCtx: nTextCtx ?? 0,
    nTextState: nTextState ?? 0,
    nTextHead: await model.scalar('decoder/num_heads'),
    nTextLayer: layerCount(model, 'decoder'),
    nMels: nMels ?? 0,
    ftype: 1,
  };
  if (
    hparams.nAudioLayer === 0 ||
    hparams.nTextLayer === 0 ||
    hparams.nAudioHead <= 0 ||
    hparams.nTextHead <= 0 ||
    hparams.nAudioState % hparams.nAudioHead !== 0 ||
    hparams.nTextState % hparams.nTextHead !== 0
  ) {
    throw new ModelError(
      'unsupported-model',
      `This Whisper model's layers or heads do not fit together (${JSON.stringify(hparams)}).`,
    );
  }
  return hparams;
}

/**
 * Every tensor whisper.cpp loads, in its names and ggml dimension order, with the CTranslate2
 * variable rows it comes from. Shapes are checked against `h`; a mismatch is `unsupported-model`.
 */
export function whisperTensorPlan(model: Ct2Model, h: WhisperHparams): TensorPlan[] {
  const plan: TensorPlan[] = [];
  const add = (
    name: string,
    ne: number[],
    type: GgmlType,
    source: string,
    startRow = 0,
    rowCount?: number,
  ) => {
    const variable = model.variable(source);
    const rows = rowCount ?? variable.shape[0] ?? 1;
    const values = ne.reduce((a, b) => a * b, 1);
    const available = (variable.byteLength / Math.max(1, variable.shape[0] ?? 1)) * rows;
    const perValue =
      variable.byteLength /
      Math.max(
        1,
        variable.shape.reduce((a, b) => a * b, 1),
      );
    if (available / perValue !== values || startRow + rows > (variable.shape[0] ?? 1)) {
      throw new ModelError(
        'unsupported-model',
        `${source} [${variable.shape.join(', ')}] cannot supply ${name} [${ne.join(', ')}]; the model's layout is not one this converter can read.`,
      );
    }
    plan.push({ name, ne, type, source, startRow, rowCount: rows });
  };
  const norm = (name: string, state: number, source: string) => {
    add(`${name}.weight`, [state], 'f32', `${source}/gamma`);
    add(`${name}.bias`, [state], 'f32', `${source}/beta`);
  };
  const linear = (
    name: string,
    inputs: number,
    outputs: number,
    source: string,
    first = 0,
    bias = true,
  ) => {
    add(`${name}.weight`, [inputs, outputs], 'f16', `${source}/weight`, first, outputs);
    if (bias) add(`${name}.bias`, [outputs], 'f32', `${source}/bias`, first, outputs);
  };
  // whisper.cpp's key projections have no bias; CTranslate2 stores zeros there when fusing.
  const fusedQkv = (prefix: string, d: number, source: string) => {
    linear(`${prefix}.query`, d, d, source, 0);
    linear(`${prefix}.key`, d, d, source, d, false);
    linear(`${prefix}.value`, d, d, source, 2 * d);
  };
  const block = (prefix: string, d: number, source: string, cross: boolean) => {
    norm(`${prefix}.attn_ln`, d, `${source}/self_attention/layer_norm`);
    fusedQkv(`${prefix}.attn`, d, `${source}/self_attention/linear_0`);
    linear(`${prefix}.attn.out`, d, d, `${source}/self_attention/linear_1`);
    if (cross) {
      norm(`${prefix}.cross_attn_ln`, d, `${source}/attention/layer_norm`);
      linear(`${prefix}.cross_attn.query`, d, d, `${source}/attention/linear_0`);
      linear(`${prefix}.cross_attn.key`, d, d, `${source}/attention/linear_1`, 0, false);
      linear(`${prefix}.cross_attn.value`, d, d, `${source}/attention/linear_1`, d);
      linear(`${prefix}.cross_attn.out`, d, d, `${source}/attention/linear_2`);
    }
    norm(`${prefix}.mlp_ln`, d, `${source}/ffn/layer_norm`);
    linear(`${prefix}.mlp.0`, d, 4 * d, `${source}/ffn/linear_0`);
    linear(`${prefix}.mlp.2`, 4 * d, d, `${source}/ffn/linear_1`);
  };

  const a = h.nAudioState;
  add(
    'encoder.positional_embedding',
    [a, h.nAudioCtx],
    'f32',
    'encoder/position_encodings/encodings',
  );
  add('encoder.conv1.weight', [3, h.nMels, a], 'f16', 'encoder/conv1/weight');
  add('encoder.conv1.bias', [1, a], 'f32', 'encoder/conv1/bias');
  add('encoder.conv2.weight', [3, a, a], 'f16', 'encoder/conv2/weight');
  add('encoder.conv2.bias', [1, a], 'f32', 'encoder/conv2/bias');
  for (let i = 0; i < h.nAudioLayer; i++)
    block(`encoder.blocks.${i}`, a, `encoder/layer_${i}`, false);
  norm('encoder.ln_post', a, 'encoder/layer_norm');

  const t = h.nTextState;
  add(
    'decoder.positional_embedding',
    [t, h.nTextCtx],
    'f32',
    'decoder/position_encodings/encodings',
  );
  add('decoder.token_embedding.weight', [t, h.nVocab], 'f16', 'decoder/embeddings/weight');
  for (let i = 0; i < h.nTextLayer; i++)
    block(`decoder.blocks.${i}`, t, `decoder/layer_${i}`, true);
  norm('decoder.ln', t, 'decoder/layer_norm');
  return plan;
}

/** Reads one planned tensor's values from the model, in the type the plan asks for. */
async function readTensor(model: Ct2Model, plan: TensorPlan): Promise<GgmlTensor> {
  const raw = await model.rawRows(plan.source, plan.startRow, plan.rowCount);
  let data: Buffer;
  if (plan.type === 'f16' && raw.dtype === 'float16') data = raw.bytes;
  else if (plan.type === 'f32' && raw.dtype === 'float32') data = raw.bytes;
  else {
    const values = await model.floatRows(plan.source, plan.startRow, plan.rowCount);
    if (plan.type === 'f16') data = encodeHalves(values);
    else data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  return { name: plan.name, ne: plan.ne, type: plan.type, data };
}

// GPT-2's byte-level BPE writes each byte as a printable character: the printable Latin-1
// bytes stand for themselves, the others are moved to U+0100 and up in byte order.
let byteOfChar: Map<number, number> | null = null;

function byteDecoder(): Map<number, number> {
  if (byteOfChar) return byteOfChar;
  const map = new Map<number, number>();
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let moved = 0;
  for (let b = 0; b < 256; b++) {
    if (printable(b)) map.set(b, b);
    else map.set(256 + moved++, b);
  }
  byteOfChar = map;
  return map;
}

/**
 * The raw bytes of a byte-level BPE token string (`Ġthe` is ` the`). Throws `corrupt-model`
 * for a character that is not one of the 256 byte characters.
 */
export function tokenBytes(token: string): Uint8Array {
  const decoder = byteDecoder();
  const out: number[] = [];
  for (const char of token) {
    const byte = decoder.get(char.codePointAt(0) ?? -1);
    if (byte === undefined) {
      throw new ModelError(
        'corrupt-model',
        `The vocabulary has the token ${JSON.stringify(token)}, which is not a byte-level BPE token.`,
      );
    }
    out.push(byte);
  }
  return Uint8Array.from(out);
}

const END_OF_TEXT = '<|endoftext|>';

const tokenizerJson = z.object({
  model: z.object({ vocab: z.record(z.string(), z.number().int().nonnegative()) }),
  added_tokens: z
    .array(z.object({ id: z.number().int().nonnegative(), content: z.string() }))
    .optional(),
});

async function readOptional(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new ModelError('io', `Cannot read ${path} (${error.code ?? error.message}).`);
  });
}

/**
 * The token strings of the folder's vocabulary, by id: from CTranslate2's `vocabulary.json`
 * (an array) or `vocabulary.txt` (one token a line), else Hugging Face's `tokenizer.json`.
 * Throws `not-a-model` when the folder has none of them.
 */
export async function readTokenStrings(dir: string): Promise<string[]> {
  const json = await readOptional(join(dir, 'vocabulary.json'));
  if (json !== null) {
    const parsed = z.array(z.string()).safeParse(safeJson(json));
    if (!parsed.success) throw badVocabulary('vocabulary.json', 'an array of token strings');
    return parsed.data;
  }
  const text = await readOptional(join(dir, 'vocabulary.txt'));
  if (text !== null) return text.replace(/\r?\n$/, '').split(/\r?\n/);
  const tokenizer = await readOptional(join(dir, 'tokenizer.json'));
  if (tokenizer !== null) {
    const parsed = tokenizerJson.safeParse(safeJson(tokenizer));
    if (!parsed.success) throw badVocabulary('tokenizer.json', 'a BPE tokenizer with model.vocab');
    const byId: string[] = [];
    for (const [token, id] of Object.entries(parsed.data.model.vocab)) byId[id] = token;
    for (const added of parsed.data.added_tokens ?? []) byId[added.id] = added.content;
    return Array.from(byId, (token) => token ?? '');
  }
  throw new ModelError(
    'not-a-model',
    `${dir} has no vocabulary (vocabulary.json, vocabulary.txt or tokenizer.json); copy the tokenizer files from the model's source next to model.bin.`,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function badVocabulary(file: string, what: string): ModelError {
  return new ModelError('corrupt-model', `${file} is not ${what}; the model folder is damaged.`);
}

/**
 * The ordinary tokens whisper.cpp stores in its file: the byte strings of every id below
 * `<|endoftext|>` (50256 tokens for English-only models, 50257 for multilingual ones).
 */
export function whisperTokens(strings: string[], nVocab: number): Uint8Array[] {
  const endOfText = strings.indexOf(END_OF_TEXT);
  const expected = nVocab >= 51865 ? 50257 : 50256;
  if (endOfText !== expected) {
    throw new ModelError(
      'unsupported-model',
      endOfText < 0
        ? `The vocabulary has no ${END_OF_TEXT} token; it is not a Whisper vocabulary.`
        : `The vocabulary has ${END_OF_TEXT} at id ${endOfText}, but a Whisper model with ${nVocab} outputs has it at ${expected}.`,
    );
  }
  return strings.slice(0, endOfText).map(tokenBytes);
}

/** The hyper-parameters of the faster-whisper model in folder `dir`, from its header alone. */
export async function readFasterWhisperHparams(dir: string): Promise<WhisperHparams> {
  const model = await Ct2Model.open(dir);
  try {
    return await whisperHparams(model);
  } finally {
    await model.close();
  }
}

const SIZES: { name: string; state: number; layers: number }[] = [
  { name: 'tiny', state: 384, layers: 4 },
  { name: 'base', state: 512, layers: 6 },
  { name: 'small', state: 768, layers: 12 },
  { name: 'medium', state: 1024, layers: 24 },
  { name: 'large', state: 1280, layers: 32 },
];

/**
 * OpenAI's name for a Whisper model of these hyper-parameters (`tiny.en`, `base`, ...; `.en`
 * for the English-only vocabulary), or null for a shape that is none of them (a distilled or
 * pruned model).
 */
export function whisperSizeName(h: WhisperHparams): string | null {
  const size = SIZES.find(
    (s) => s.state === h.nAudioState && s.layers === h.nAudioLayer && s.layers === h.nTextLayer,
  );
  if (!size) return null;
  return h.nVocab >= 51865 ? size.name : `${size.name}.en`;
}

/** Options of {@link convertFasterWhisper}. */
export interface ConvertOptions {
  /** Fraction of the tensor bytes written, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** What {@link convertFasterWhisper} wrote. */
export interface ConvertResult {
  path: string;
  sizeBytes: number;
  hparams: WhisperHparams;
  /** True for a multilingual model, false for an English-only (`.en`) one. */
  multilingual: boolean;
  tensors: number;
}

/**
 * Converts the faster-whisper (CTranslate2) model in folder `dir` into a whisper.cpp ggml file
 * at `outPath` (written under a temporary name and renamed when complete). Errors are
 * {@link ModelError}s: `not-a-model` (no model.bin or vocabulary), `unsupported-model` (another
 * architecture or layout), `corrupt-model` (truncated or inconsistent files), `io`.
 */
export async function convertFasterWhisper(
  dir: string,
  outPath: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const model = await Ct2Model.open(dir);
  try {
    const hparams = await whisperHparams(model);
    const plan = whisperTensorPlan(model, hparams);
    const tokens = whisperTokens(await readTokenStrings(dir), hparams.nVocab);
    const totalValues = plan.reduce((n, p) => n + p.ne.reduce((a, b) => a * b, 1), 0);
    async function* tensors(): AsyncGenerator<GgmlTensor> {
      let doneValues = 0;
      for (const entry of plan) {
        yield await readTensor(model, entry);
        doneValues += entry.ne.reduce((a, b) => a * b, 1);
        options.onProgress?.(doneValues / totalValues);
      }
    }
    const sizeBytes = await writeWhisperGgml(outPath, {
      hparams,
      melFilters: whisperMelFilters(hparams.nMels),
      tokens,
      tensors: tensors(),
    });
    return {
      path: outPath,
      sizeBytes,
      hparams,
      multilingual: hparams.nVocab >= 51865,
      tensors: plan.length,
    };
  } finally {
    await model.close();
  }
}
