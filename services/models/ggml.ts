import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { ModelError } from './errors';

/**
 * whisper.cpp's ggml model file (the legacy single-file format its loader reads): the int32
 * magic 0x67676d6c, eleven int32 hyper-parameters, the mel filter bank (int32 n_mel, int32
 * n_fft bins, then n_mel x bins float32), the vocabulary (int32 count, then each token as int32
 * length and raw bytes), then each tensor as int32 rank, int32 name length, int32 type (0 = f32,
 * 1 = f16), the dims in ggml order (fastest-varying first), the name, and the data. All
 * little-endian; no padding.
 */

/** The int32 every whisper ggml file starts with ("ggml" read as a little-endian word). */
export const GGML_FILE_MAGIC = 0x67676d6c;

/** The eleven header integers of a whisper ggml file, in file order. */
export interface WhisperHparams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  /** 0 = all f32, 1 = weight matrices in f16. */
  ftype: number;
}

const HPARAM_ORDER: (keyof WhisperHparams)[] = [
  'nVocab',
  'nAudioCtx',
  'nAudioState',
  'nAudioHead',
  'nAudioLayer',
  'nTextCtx',
  'nTextState',
  'nTextHead',
  'nTextLayer',
  'nMels',
  'ftype',
];

/** Element type of a ggml tensor as this format stores it. */
export type GgmlType = 'f32' | 'f16';

const TYPE_IDS: Record<GgmlType, number> = { f32: 0, f16: 1 };

/** One tensor ready to write: `data` holds `product(ne)` values of `type`, little-endian. */
export interface GgmlTensor {
  name: string;
  /** Dimensions in ggml order (fastest-varying first). */
  ne: number[];
  type: GgmlType;
  data: Buffer;
}

/** Whisper's audio front end: 16 kHz samples, a 400-point FFT (25 ms windows). */
export const WHISPER_SAMPLE_RATE = 16000;
export const WHISPER_N_FFT = 400;

function hzToSlaneyMel(hz: number): number {
  const linearHzPerMel = 200 / 3;
  const logStartHz = 1000;
  const logStartMel = logStartHz / linearHzPerMel;
  const logStep = Math.log(6.4) / 27;
  return hz >= logStartHz ? logStartMel + Math.log(hz / logStartHz) / logStep : hz / linearHzPerMel;
}

function slaneyMelToHz(mel: number): number {
  const linearHzPerMel = 200 / 3;
  const logStartHz = 1000;
  const logStartMel = logStartHz / linearHzPerMel;
  const logStep = Math.log(6.4) / 27;
  return mel >= logStartMel
    ? logStartHz * Math.exp(logStep * (mel - logStartMel))
    : mel * linearHzPerMel;
}

/**
 * The mel filter bank Whisper was trained with: `nMels` triangular filters over the
 * `nFft / 2 + 1` FFT bins from 0 Hz to half the sample rate, centres evenly spaced on the
 * Slaney mel scale (linear below 1 kHz, logarithmic above), each scaled to unit area
 * (2 / bandwidth in Hz). Row-major: filter `m`, bin `k` at `m * bins + k`.
 */
export function whisperMelFilters(
  nMels: number,
  sampleRate: number = WHISPER_SAMPLE_RATE,
  nFft: number = WHISPER_N_FFT,
): { nMels: number; bins: number; data: Float32Array } {
  const bins = Math.floor(nFft / 2) + 1;
  const topMel = hzToSlaneyMel(sampleRate / 2);
  const edgesHz = Array.from({ length: nMels + 2 }, (_, i) =>
    slaneyMelToHz((topMel * i) / (nMels + 1)),
  );
  const data = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const lower = edgesHz[m] ?? 0;
    const centre = edgesHz[m + 1] ?? 0;
    const upper = edgesHz[m + 2] ?? 0;
    const areaScale = 2 / (upper - lower);
    for (let k = 0; k < bins; k++) {
      const hz = (k * sampleRate) / nFft;
      const rising = (hz - lower) / (centre - lower);
      const falling = (upper - hz) / (upper - centre);
      data[m * bins + k] = Math.max(0, Math.min(rising, falling)) * areaScale;
    }
  }
  return { nMels, bins, data };
}

/** Buffered sequential writes to an open file. */
class FileWriter {
  private buffer = Buffer.alloc(1 << 20);
  private used = 0;
  bytesWritten = 0;

  constructor(private readonly handle: FileHandle) {}

  async int32(value: number): Promise<void> {
    if (this.used + 4 > this.buffer.length) await this.flush();
    this.buffer.writeInt32LE(value, this.used);
    this.used += 4;
    this.bytesWritten += 4;
  }

  async bytes(data: Uint8Array): Promise<void> {
    if (this.used + data.length > this.buffer.length) await this.flush();
    if (data.length > this.buffer.length) {
      await this.handle.write(data);
    } else {
      this.buffer.set(data, this.used);
      this.used += data.length;
    }
    this.bytesWritten += data.length;
  }

  async flush(): Promise<void> {
    if (this.used > 0) await this.handle.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** What goes into a whisper ggml file. */
export interface WhisperGgmlContents {
  hparams: WhisperHparams;
  melFilters: { nMels: number; bins: number; data: Float32Array };
  /** Token byte strings for ids 0..n-1 (the ordinary tokens; whisper.cpp adds the specials). */
  tokens: Uint8Array[];
  tensors: AsyncIterable<GgmlTensor>;
}

/**
 * Writes a whisper ggml file at `path`. The bytes go to a temporary file beside it that is
 * renamed into place only once complete, so a failure (bad tensor, full disk) leaves no file
 * at `path`; the temporary file is deleted. Returns the bytes written.
 */
export async function writeWhisperGgml(
  path: string,
  contents: WhisperGgmlContents,
): Promise<number> {
  const temporary = `${path}.${process.pid}.converting`;
  const handle = await open(temporary, 'w');
  let closed = false;
  try {
    const out = new FileWriter(handle);
    await out.int32(GGML_FILE_MAGIC);
    for (const key of HPARAM_ORDER) await out.int32(contents.hparams[key]);
    const { melFilters, tokens } = contents;
    await out.int32(melFilters.nMels);
    await out.int32(melFilters.bins);
    await out.bytes(
      Buffer.from(melFilters.data.buffer, melFilters.data.byteOffset, melFilters.data.byteLength),
    );
    await out.int32(tokens.length);
    for (const token of tokens) {
      await out.int32(token.length);
      await out.bytes(token);
    }
    for await (const tensor of contents.tensors) {
      const count = tensor.ne.reduce((a, b) => a * b, 1);
      const expected = count * (tensor.type === 'f16' ? 2 : 4);
      if (tensor.data.length !== expected) {
        throw new ModelError(
          'corrupt-model',
          `Tensor ${tensor.name} has ${tensor.data.length} bytes where ${expected} were expected.`,
        );
      }
      const name = Buffer.from(tensor.name, 'utf8');
      await out.int32(tensor.ne.length);
      await out.int32(name.length);
      await out.int32(TYPE_IDS[tensor.type]);
      for (const n of tensor.ne) await out.int32(n);
      await out.bytes(name);
      await out.bytes(tensor.data);
    }
    await out.flush();
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(temporary, path);
    return out.bytesWritten;
  } catch (error) {
    if (!closed) await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    if (error instanceof ModelError) throw error;
    throw new ModelError(
      'io',
      `Writing the model failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was installed. Check the free disk space and try again.`,
    );
  }
}

/** The shape of a whisper ggml file, read back (weights are skipped, not loaded). */
export interface WhisperGgmlSummary {
  hparams: WhisperHparams;
  melFilters: { nMels: number; bins: number; data: Float32Array };
  tokens: Uint8Array[];
  tensors: { name: string; ne: number[]; type: GgmlType; offset: number }[];
  sizeBytes: number;
}

/**
 * Reads a whisper ggml file's header, filters, vocabulary and tensor table, checking that the
 * tensors end exactly at the end of the file. Throws `not-ggml` without the magic and
 * `corrupt-model` for a file that ends early or has bytes left over.
 */
export async function readWhisperGgml(path: string): Promise<WhisperGgmlSummary> {
  const handle = await open(path, 'r');
  try {
    const sizeBytes = (await handle.stat()).size;
    let position = 0;
    let buffer = Buffer.alloc(0);
    let bufferStart = 0;
    const take = async (length: number): Promise<Buffer> => {
      if (position + length > sizeBytes) {
        throw new ModelError(
          'corrupt-model',
          `${path} ends early (${sizeBytes} bytes, at least ${position + length} needed): it is truncated.`,
        );
      }
      if (position < bufferStart || position + length > bufferStart + buffer.length) {
        buffer = Buffer.alloc(Math.min(Math.max(length, 1 << 20), sizeBytes - position));
        await handle.read(buffer, 0, buffer.length, position);
        bufferStart = position;
      }
      const from = position - bufferStart;
      position += length;
      return buffer.subarray(from, from + length);
    };
    const int32 = async () => (await take(4)).readInt32LE(0);
    if ((await int32()) !== GGML_FILE_MAGIC) {
      throw new ModelError('not-ggml', `${path} is not a whisper.cpp ggml model.`);
    }
    const values: number[] = [];
    for (let i = 0; i < HPARAM_ORDER.length; i++) values.push(await int32());
    const hparams = Object.fromEntries(
      HPARAM_ORDER.map((k, i) => [k, values[i]]),
    ) as unknown as WhisperHparams;
    const nMels = await int32();
    const bins = await int32();
    const filterBytes = await take(nMels * bins * 4);
    const data = new Float32Array(nMels * bins);
    for (let i = 0; i < data.length; i++) data[i] = filterBytes.readFloatLE(i * 4);
    const tokenCount = await int32();
    const tokens: Uint8Array[] = [];
    for (let i = 0; i < tokenCount; i++) tokens.push(Uint8Array.from(await take(await int32())));
    const tensors: WhisperGgmlSummary['tensors'] = [];
    while (position < sizeBytes) {
      const rank = await int32();
      const nameLength = await int32();
      const typeId = await int32();
      if (
        rank < 1 ||
        rank > 4 ||
        nameLength < 1 ||
        nameLength > 256 ||
        (typeId !== 0 && typeId !== 1)
      ) {
        throw new ModelError(
          'corrupt-model',
          `${path} has a damaged tensor header at byte ${position - 12}.`,
        );
      }
      const ne: number[] = [];
      for (let d = 0; d < rank; d++) ne.push(await int32());
      const name = (await take(nameLength)).toString('utf8');
      const type: GgmlType = typeId === 1 ? 'f16' : 'f32';
      const offset = position;
      const length = ne.reduce((a, b) => a * b, 1) * (type === 'f16' ? 2 : 4);
      if (position + length > sizeBytes) {
        throw new ModelError(
          'corrupt-model',
          `${path} ends inside tensor ${name}: it is truncated.`,
        );
      }
      position += length;
      tensors.push({ name, ne, type, offset });
    }
    return { hparams, melFilters: { nMels, bins, data }, tokens, tensors, sizeBytes };
  } finally {
    await handle.close();
  }
}
