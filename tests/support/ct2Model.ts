import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { floatToHalf } from '../../services/models/halfFloat';

/**
 * Writes small CTranslate2 `model.bin` files for the converter's tests, in the layout
 * CTranslate2 saves (see services/models/ctranslate2.ts): a Whisper model of any size with
 * seeded values, stored as float32, float16 or int8 with per-row scales.
 */

/** A variable to write: values are given as floats and stored as `dtype`. */
export interface Ct2TestVariable {
  name: string;
  shape: number[];
  dtype: 'float32' | 'float16' | 'int8' | 'int16';
  values: number[] | Float32Array;
}

const TYPE_IDS = { float32: 0, int8: 1, int16: 2, float16: 4 } as const;
const SIZES = { float32: 4, int8: 1, int16: 2, float16: 2 } as const;

function name(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(2 + bytes.length + 1);
  out.writeUInt16LE(bytes.length + 1, 0);
  bytes.copy(out, 2);
  return out;
}

/** The bytes of a model.bin holding `variables` and `aliases`. */
export function ct2ModelBytes(
  variables: Ct2TestVariable[],
  options: { specName?: string; binaryVersion?: number; aliases?: Record<string, string> } = {},
): Buffer {
  const chunks: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v, 0);
    chunks.push(b);
  };
  u32(options.binaryVersion ?? 6);
  chunks.push(name(options.specName ?? 'WhisperSpec'));
  u32(3);
  u32(variables.length);
  for (const v of variables) {
    chunks.push(name(v.name));
    chunks.push(Buffer.of(v.shape.length));
    for (const d of v.shape) u32(d);
    chunks.push(Buffer.of(TYPE_IDS[v.dtype]));
    const data = Buffer.alloc(v.values.length * SIZES[v.dtype]);
    v.values.forEach((x, i) => {
      if (v.dtype === 'float32') data.writeFloatLE(x, i * 4);
      else if (v.dtype === 'float16') data.writeUInt16LE(floatToHalf(x), i * 2);
      else if (v.dtype === 'int8') data.writeInt8(x, i);
      else data.writeInt16LE(x, i * 2);
    });
    u32(data.length);
    chunks.push(data);
  }
  const aliases = Object.entries(options.aliases ?? {});
  u32(aliases.length);
  for (const [alias, target] of aliases) chunks.push(name(alias), name(target));
  return Buffer.concat(chunks);
}

/** Shape of a test Whisper model. */
export interface TinyWhisperShape {
  state: number;
  heads: number;
  layers: number;
  mels: number;
  audioCtx: number;
  textCtx: number;
  /** 51864 (English-only) or 51865 (multilingual). */
  vocab: number;
}

/** A Whisper model far smaller than tiny, with tiny.en's vocabulary size. */
export const SMALL_SHAPE: TinyWhisperShape = {
  state: 8,
  heads: 2,
  layers: 1,
  mels: 80,
  audioCtx: 6,
  textCtx: 4,
  vocab: 51864,
};

/** Value `i` of variable `name`: distinct, reproducible and exact in float16. */
export function testValue(variableName: string, i: number): number {
  let h = 0;
  for (const c of variableName) h = (h * 31 + c.charCodeAt(0)) % 997;
  return (((h + i * 7) % 64) - 32) / 64;
}

/**
 * The variables of a Whisper model of `shape` as CTranslate2 stores it (fused self-attention
 * q/k/v, fused cross-attention k/v, head counts as int16 scalars), each filled with
 * {@link testValue}. Weight matrices use `weightType`; int8 weights get a `_scale` per row.
 */
export function whisperVariables(
  shape: TinyWhisperShape = SMALL_SHAPE,
  weightType: 'float16' | 'float32' | 'int8' = 'float16',
): Ct2TestVariable[] {
  const vars: Ct2TestVariable[] = [];
  const d = shape.state;
  const fill = (n: string, dims: number[], dtype: Ct2TestVariable['dtype']) => {
    const count = dims.reduce((a, b) => a * b, 1);
    vars.push({
      name: n,
      shape: dims,
      dtype,
      values: Array.from({ length: count }, (_, i) => testValue(n, i)),
    });
  };
  const weight = (n: string, rows: number, cols: number) => {
    if (weightType !== 'int8') {
      fill(`${n}/weight`, [rows, cols], weightType);
      return;
    }
    // Stored integers -64..63 with scale 64 per row (row r: 64 + r), so value = q / scale.
    vars.push({
      name: `${n}/weight`,
      shape: [rows, cols],
      dtype: 'int8',
      values: Array.from({ length: rows * cols }, (_, i) => ((i * 5) % 128) - 64),
    });
    vars.push({
      name: `${n}/weight_scale`,
      shape: [rows],
      dtype: 'float32',
      values: Array.from({ length: rows }, (_, r) => 64 + r),
    });
  };
  const linear = (n: string, rows: number, cols: number) => {
    weight(n, rows, cols);
    fill(`${n}/bias`, [rows], 'float16');
  };
  const norm = (n: string) => {
    fill(`${n}/gamma`, [d], 'float16');
    fill(`${n}/beta`, [d], 'float16');
  };
  fill('encoder/conv1/weight', [d, shape.mels, 3], 'float16');
  fill('encoder/conv1/bias', [d], 'float16');
  fill('encoder/conv2/weight', [d, d, 3], 'float16');
  fill('encoder/conv2/bias', [d], 'float16');
  fill('encoder/position_encodings/encodings', [shape.audioCtx, d], 'float16');
  vars.push({ name: 'encoder/num_heads', shape: [], dtype: 'int16', values: [shape.heads] });
  norm('encoder/layer_norm');
  for (let i = 0; i < shape.layers; i++) {
    const p = `encoder/layer_${i}`;
    norm(`${p}/self_attention/layer_norm`);
    linear(`${p}/self_attention/linear_0`, 3 * d, d);
    linear(`${p}/self_attention/linear_1`, d, d);
    norm(`${p}/ffn/layer_norm`);
    linear(`${p}/ffn/linear_0`, 4 * d, d);
    linear(`${p}/ffn/linear_1`, d, 4 * d);
  }
  fill('decoder/embeddings/weight', [shape.vocab, d], 'float16');
  fill('decoder/position_encodings/encodings', [shape.textCtx, d], 'float16');
  vars.push({ name: 'decoder/num_heads', shape: [], dtype: 'int16', values: [shape.heads] });
  norm('decoder/layer_norm');
  for (let i = 0; i < shape.layers; i++) {
    const p = `decoder/layer_${i}`;
    norm(`${p}/self_attention/layer_norm`);
    linear(`${p}/self_attention/linear_0`, 3 * d, d);
    linear(`${p}/self_attention/linear_1`, d, d);
    norm(`${p}/attention/layer_norm`);
    linear(`${p}/attention/linear_0`, d, d);
    linear(`${p}/attention/linear_1`, 2 * d, d);
    linear(`${p}/attention/linear_2`, d, d);
    norm(`${p}/ffn/layer_norm`);
    linear(`${p}/ffn/linear_0`, 4 * d, d);
    linear(`${p}/ffn/linear_1`, d, 4 * d);
  }
  return vars.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Byte-level BPE token strings of a Whisper vocabulary of `size`: the 256 byte characters, a
 * few real words (`Ġthe`), numbered fillers, `<|endoftext|>` where Whisper has it, then the
 * special and timestamp tokens.
 */
export function whisperVocabulary(size: number): string[] {
  const endOfText = size >= 51865 ? 50257 : 50256;
  const bytes: string[] = [];
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let moved = 0;
  const byChar: string[] = [];
  for (let b = 0; b < 256; b++) byChar[b] = String.fromCodePoint(printable(b) ? b : 256 + moved++);
  for (let b = 0; b < 256; b++) bytes.push(byChar[b] ?? '');
  const tokens = [...bytes, 'Ġthe', 'Ġum', 'Ġcaf\u00c3\u00a9'];
  while (tokens.length < endOfText) tokens.push(`tok${tokens.length}`);
  tokens.push('<|endoftext|>');
  while (tokens.length < size) tokens.push(`<|special${tokens.length}|>`);
  return tokens;
}

/**
 * Writes a faster-whisper folder at `dir`: model.bin (or `parts` pieces of it), config.json
 * and vocabulary.json. Returns the model.bin bytes.
 */
export function writeFasterWhisperFolder(
  dir: string,
  options: {
    shape?: TinyWhisperShape;
    weightType?: 'float16' | 'float32' | 'int8';
    parts?: number;
    specName?: string;
  } = {},
): Buffer {
  const shape = options.shape ?? SMALL_SHAPE;
  mkdirSync(dir, { recursive: true });
  const bytes = ct2ModelBytes(whisperVariables(shape, options.weightType), {
    aliases: { 'decoder/projection/weight': 'decoder/embeddings/weight' },
    ...(options.specName ? { specName: options.specName } : {}),
  });
  const parts = options.parts ?? 1;
  if (parts === 1) writeFileSync(join(dir, 'model.bin'), bytes);
  else {
    const size = Math.ceil(bytes.length / parts);
    for (let p = 0; p < parts; p++) {
      writeFileSync(join(dir, `model.bin.part${p + 1}`), bytes.subarray(p * size, (p + 1) * size));
    }
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ lang_ids: [], suppress_ids: [] }));
  writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(whisperVocabulary(shape.vocab)));
  return bytes;
}
