import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ct2Model } from '../../../services/models/ctranslate2';
import {
  convertFasterWhisper,
  tokenBytes,
  whisperSizeName,
} from '../../../services/models/fasterWhisper';
import type { WhisperHparams } from '../../../services/models/ggml';
import { readWhisperGgml, whisperMelFilters } from '../../../services/models/ggml';
import { floatToHalf, halfToFloat } from '../../../services/models/halfFloat';
import { testValue, writeFasterWhisperFolder } from '../../support/ct2Model';

const SMALL_HPARAMS: WhisperHparams = {
  nVocab: 51864,
  nAudioCtx: 6,
  nAudioState: 8,
  nAudioHead: 2,
  nAudioLayer: 1,
  nTextCtx: 4,
  nTextState: 8,
  nTextHead: 2,
  nTextLayer: 1,
  nMels: 80,
  ftype: 1,
};

const scratch = mkdtempSync(join(tmpdir(), 'mi-ct2-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folderCount = 0;
function folder(options: Parameters<typeof writeFasterWhisperFolder>[1] = {}): string {
  const dir = join(scratch, `model-${folderCount++}`);
  writeFasterWhisperFolder(dir, options);
  return dir;
}

async function tensorValues(path: string, name: string): Promise<number[]> {
  const summary = await readWhisperGgml(path);
  const tensor = summary.tensors.find((t) => t.name === name);
  if (!tensor) throw new Error(`no tensor ${name}`);
  const count = tensor.ne.reduce((a, b) => a * b, 1);
  const bytes = readFileSync(path).subarray(
    tensor.offset,
    tensor.offset + count * (tensor.type === 'f16' ? 2 : 4),
  );
  return Array.from({ length: count }, (_, i) =>
    tensor.type === 'f16' ? halfToFloat(bytes.readUInt16LE(i * 2)) : bytes.readFloatLE(i * 4),
  );
}

describe('reading a CTranslate2 model.bin', () => {
  it('lists variables with shapes and types, aliases, and reads float16 rows as floats', async () => {
    const model = await Ct2Model.open(folder());
    try {
      expect(model.header.binaryVersion).toBe(6);
      expect(model.header.specName).toBe('WhisperSpec');
      expect(model.header.specRevision).toBe(3);
      expect(model.header.aliases).toEqual({
        'decoder/projection/weight': 'decoder/embeddings/weight',
      });
      expect(model.variable('encoder/conv1/weight')).toMatchObject({
        shape: [8, 80, 3],
        dtype: 'float16',
        byteLength: 8 * 80 * 3 * 2,
      });
      expect(model.variable('decoder/projection/weight').name).toBe('decoder/embeddings/weight');
      expect(await model.scalar('encoder/num_heads')).toBe(2);
      const row = await model.floatRows('encoder/conv1/bias', 2, 3);
      expect(Array.from(row)).toEqual([2, 3, 4].map((i) => testValue('encoder/conv1/bias', i)));
    } finally {
      await model.close();
    }
  });

  it('dequantises int8 weights with their per-row scale', async () => {
    const model = await Ct2Model.open(folder({ weightType: 'int8' }));
    try {
      const name = 'encoder/layer_0/ffn/linear_1/weight';
      const rows = await model.floatRows(name, 1, 1);
      // Row 1 holds integers ((i * 5) % 128) - 64 from i = 32 on, with scale 65.
      expect(rows[0]).toBeCloseTo((((32 * 5) % 128) - 64) / 65, 7);
      expect(rows[1]).toBeCloseTo((((33 * 5) % 128) - 64) / 65, 7);
    } finally {
      await model.close();
    }
  });

  it('reads a model split into model.bin.part1 and .part2 as one file', async () => {
    const whole = await Ct2Model.open(folder());
    const split = await Ct2Model.open(folder({ parts: 3 }));
    try {
      expect(split.paths.map((p) => p.split('/').pop())).toEqual([
        'model.bin.part1',
        'model.bin.part2',
        'model.bin.part3',
      ]);
      expect(split.header.variables).toEqual(whole.header.variables);
      const name = 'decoder/embeddings/weight';
      expect(await split.floatRows(name, 20000, 3)).toEqual(await whole.floatRows(name, 20000, 3));
    } finally {
      await whole.close();
      await split.close();
    }
  });

  it('refuses a folder without model.bin as not a model', async () => {
    const dir = join(scratch, 'no-model');
    writeFasterWhisperFolder(dir);
    rmSync(join(dir, 'model.bin'));
    await expect(Ct2Model.open(dir)).rejects.toMatchObject({ code: 'not-a-model' });
  });

  it.each([
    ['a missing middle part', 'corrupt-model'],
    ['a file that is not CTranslate2', 'not-a-model'],
    ['a file cut short', 'corrupt-model'],
    ['an old binary version', 'unsupported-model'],
  ])('refuses %s with code %s', async (what, code) => {
    const dir = join(scratch, `bad-${what.replace(/\W+/g, '-')}`);
    const bytes = writeFasterWhisperFolder(
      dir,
      what === 'a missing middle part' ? { parts: 3 } : {},
    );
    if (what === 'a missing middle part') rmSync(join(dir, 'model.bin.part2'));
    if (what === 'a file that is not CTranslate2')
      writeFileSync(join(dir, 'model.bin'), 'PK\x03\x04 a zip');
    if (what === 'a file cut short')
      writeFileSync(join(dir, 'model.bin'), bytes.subarray(0, bytes.length - 100));
    if (what === 'an old binary version') {
      const old = Buffer.from(bytes);
      old.writeUInt32LE(3, 0);
      writeFileSync(join(dir, 'model.bin'), old);
    }
    await expect(Ct2Model.open(dir)).rejects.toMatchObject({ code });
  });
});

describe('converting a faster-whisper folder to a whisper.cpp ggml file', () => {
  it('writes the hyper-parameters, filters, vocabulary and every tensor whisper.cpp loads', async () => {
    const out = join(scratch, 'ggml-small.bin');
    const result = await convertFasterWhisper(folder(), out);
    expect(result).toMatchObject({
      multilingual: false,
      hparams: SMALL_HPARAMS,
    });
    const summary = await readWhisperGgml(out);
    expect(summary.sizeBytes).toBe(result.sizeBytes);
    expect(summary.hparams).toEqual(result.hparams);
    expect(summary.melFilters.nMels).toBe(80);
    expect(summary.melFilters.bins).toBe(201);
    expect(summary.tokens.length).toBe(50256);
    expect(Buffer.from(summary.tokens[256] ?? []).toString()).toBe(' the');
    expect(Buffer.from(summary.tokens[258] ?? []).toString()).toBe(' café');
    // 5 encoder stem + 15 per encoder block + 2; 2 decoder stem + 24 per decoder block + 2.
    expect(summary.tensors.length).toBe(5 + 15 + 2 + 2 + 24 + 2);
    const byName = new Map(summary.tensors.map((t) => [t.name, t]));
    expect(byName.get('encoder.conv1.weight')).toMatchObject({ ne: [3, 80, 8], type: 'f16' });
    expect(byName.get('encoder.conv1.bias')).toMatchObject({ ne: [1, 8], type: 'f32' });
    expect(byName.get('encoder.positional_embedding')).toMatchObject({ ne: [8, 6], type: 'f32' });
    expect(byName.get('decoder.token_embedding.weight')).toMatchObject({
      ne: [8, 51864],
      type: 'f16',
    });
    expect(byName.get('decoder.blocks.0.attn.key.weight')).toMatchObject({
      ne: [8, 8],
      type: 'f16',
    });
    expect(byName.has('decoder.blocks.0.attn.key.bias')).toBe(false);
    expect(byName.get('decoder.blocks.0.mlp.0.weight')).toMatchObject({ ne: [8, 32], type: 'f16' });
    expect(readdirSync(scratch).some((f) => f.endsWith('.converting'))).toBe(false);
  });

  it('splits fused attention rows into query, key and value, in order', async () => {
    const out = join(scratch, 'ggml-split.bin');
    await convertFasterWhisper(folder(), out);
    const fused = 'encoder/layer_0/self_attention/linear_0/weight';
    const rowValues = (row: number) =>
      Array.from({ length: 8 }, (_, i) => testValue(fused, row * 8 + i));
    expect((await tensorValues(out, 'encoder.blocks.0.attn.query.weight')).slice(0, 8)).toEqual(
      rowValues(0),
    );
    expect((await tensorValues(out, 'encoder.blocks.0.attn.key.weight')).slice(0, 8)).toEqual(
      rowValues(8),
    );
    expect((await tensorValues(out, 'encoder.blocks.0.attn.value.weight')).slice(8, 16)).toEqual(
      rowValues(17),
    );
    const crossKv = 'decoder/layer_0/attention/linear_1/bias';
    expect((await tensorValues(out, 'decoder.blocks.0.cross_attn.value.bias'))[0]).toBe(
      testValue(crossKv, 8),
    );
  });

  it('widens float16 norms to f32 and dequantises int8 weights to f16', async () => {
    const out = join(scratch, 'ggml-int8.bin');
    await convertFasterWhisper(folder({ weightType: 'int8' }), out);
    const gamma = await tensorValues(out, 'encoder.ln_post.weight');
    expect(gamma[3]).toBe(testValue('encoder/layer_norm/gamma', 3));
    const weights = await tensorValues(out, 'encoder.blocks.0.mlp.2.weight');
    // Row 2 of ffn/linear_1 has 32 columns; its column 1 is stored integer element 65, scale 66.
    expect(weights[2 * 32 + 1]).toBe(halfToFloat(floatToHalf((((65 * 5) % 128) - 64) / 66)));
  });

  it('refuses another architecture and leaves nothing behind', async () => {
    const out = join(scratch, 'ggml-other.bin');
    await expect(
      convertFasterWhisper(folder({ specName: 'TransformerSpec' }), out),
    ).rejects.toMatchObject({
      code: 'unsupported-model',
      message: expect.stringContaining('TransformerSpec'),
    });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a folder whose vocabulary does not match the model', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(['a', 'b', '<|endoftext|>']));
    const out = join(scratch, 'ggml-vocab.bin');
    await expect(convertFasterWhisper(dir, out)).rejects.toMatchObject({
      code: 'unsupported-model',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('reads the vocabulary from tokenizer.json when there is no vocabulary file', async () => {
    const dir = folder();
    const tokens = JSON.parse(readFileSync(join(dir, 'vocabulary.json'), 'utf8')) as string[];
    rmSync(join(dir, 'vocabulary.json'));
    const vocab = Object.fromEntries(tokens.slice(0, 50257).map((t, i) => [t, i]));
    writeFileSync(
      join(dir, 'tokenizer.json'),
      JSON.stringify({ model: { vocab }, added_tokens: [] }),
    );
    const out = join(scratch, 'ggml-tokenizer.bin');
    await convertFasterWhisper(dir, out);
    expect((await readWhisperGgml(out)).tokens.length).toBe(50256);
  });
});

describe('pieces of the conversion', () => {
  it.each([
    [384, 4, 51864, 'tiny.en'],
    [512, 6, 51865, 'base'],
    [768, 12, 51864, 'small.en'],
    [1280, 32, 51866, 'large'],
    [512, 4, 51864, null],
  ])('names a model of width %i and %i layers with %i tokens %s', (state, layers, vocab, name) => {
    const h = {
      ...SMALL_HPARAMS,
      nAudioState: state,
      nTextState: state,
      nAudioLayer: layers,
      nTextLayer: layers,
      nVocab: vocab,
    };
    expect(whisperSizeName(h)).toBe(name);
  });

  it('computes Whisper mel filters on the Slaney scale with unit-area scaling', () => {
    const { nMels, bins, data } = whisperMelFilters(80);
    expect([nMels, bins, data.length]).toEqual([80, 201, 16080]);
    // First filter: edges 0, 37.2 and 74.5 Hz; bin 1 is 40 Hz, on the falling side.
    expect(data[0]).toBe(0);
    expect(data[1]).toBeCloseTo(0.024862, 5);
    expect(data[2]).toBe(0);
    // Each filter's area over frequency is about 1 (2 / bandwidth scaling), the wide ones best.
    const area = (m: number) =>
      Array.from(data.slice(m * bins, (m + 1) * bins)).reduce((a, b) => a + b, 0) * 40;
    expect(area(79)).toBeCloseTo(1, 1);
  });

  it.each([
    ['Ġthe', [0x20, 0x74, 0x68, 0x65]],
    ['Ċ', [0x0a]],
    ['Ã©', [0xc3, 0xa9]],
    ['!', [0x21]],
  ])('decodes the byte-level token %s to its bytes', (token, bytes) => {
    expect(Array.from(tokenBytes(token))).toEqual(bytes);
  });

  it('refuses a token that is not byte-level BPE', () => {
    expect(() => tokenBytes('日本')).toThrow(/not a byte-level BPE token/);
  });

  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [70000, 0x7c00],
    [2 ** -24, 0x0001],
    [1 + 2 ** -11, 0x3c00],
    [1 + 3 * 2 ** -11, 0x3c02],
  ])('rounds %d to the half-precision pattern %i', (value, bits) => {
    expect(floatToHalf(value)).toBe(bits);
  });
});
