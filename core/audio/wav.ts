/**
 * WAV (RIFF/WAVE) reading, writing and header repair on plain bytes.
 *
 * Pure: works on `Uint8Array`/`DataView` only, so it runs in Node, the renderer and workers alike.
 * Supported encodings: integer PCM of 8, 16, 24 or 32 bits and IEEE float of 32 or 64 bits, plain
 * or wrapped in WAVE_FORMAT_EXTENSIBLE; sample rates of 8-192 kHz (`LIMITS` in core/limits.ts:
 * a header claiming 1 Hz or 4 GHz is refused before anything is sized from it); any channel count (decoded audio is
 * mixed down to mono). Unknown chunks (LIST, fact, bext, JUNK, ...) are skipped, honouring the
 * RIFF rule that a chunk of odd size is followed by one pad byte.
 */

import { sampleRateProblem } from '../limits';

/** A WAV file that cannot be read, with a message that says what is wrong and what to do. */
export class WavError extends Error {
  override readonly name = 'WavError';
}

/** How samples are stored: integer PCM or IEEE floating point. */
export type WavEncoding = 'pcm' | 'float';

/** What a WAV header declares, and where its audio lies in the file. */
export interface WavInfo {
  /** Frames per second, e.g. 16000 or 44100. */
  sampleRate: number;
  /** Interleaved channels per frame (1 mono, 2 stereo, ...). */
  channels: number;
  /** Bits per stored sample (8, 16, 24, 32 or 64). */
  bitsPerSample: number;
  /** Integer PCM or IEEE float. */
  encoding: WavEncoding;
  /** Bytes per frame (`channels * bitsPerSample / 8`). */
  blockAlign: number;
  /** Byte offset of the first audio byte in the file. */
  dataOffset: number;
  /** Bytes of audio actually read: whole frames only. */
  dataBytes: number;
  /** Whole frames of audio (`dataBytes / blockAlign`). */
  frames: number;
  /** Audio length in integer milliseconds (frames rounded to the nearest millisecond). */
  durationMs: number;
}

/** Decoded audio: mono samples in -1..1 at the file's own rate. */
export interface DecodedWav {
  /** Frames per second of `samples`. */
  sampleRate: number;
  /** Channel count of the file before the mono mixdown. */
  channels: number;
  /** One value per frame, the average of the frame's channels, nominally in -1..1. */
  samples: Float32Array;
}

/** Options for {@link readWavInfo} and {@link parseWav}. */
export interface WavReadOptions {
  /**
   * When the header declares more audio than the file holds: `false` (default) throws a
   * "truncated WAV" error; `true` reads the whole frames that are there (for a recording that was
   * cut off; {@link planWavRepair} fixes such a file on disk).
   */
  allowTruncated?: boolean;
}

const RIFF = 0x52494646; // "RIFF" read big-endian
const WAVE = 0x57415645; // "WAVE"
const FMT = 0x666d7420; // "fmt "
const DATA = 0x64617461; // "data"
const RF64 = 0x52463634; // "RF64"
const RIFX = 0x52494658; // "RIFX"

/** Size value used by streaming writers for "unknown length: read to the end of the file". */
const UNKNOWN_SIZE = 0xffffffff;

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  20: 'G.723 ADPCM',
  49: 'GSM 6.10',
  64: 'G.721 ADPCM',
  80: 'MPEG',
  85: 'MP3',
  255: 'AAC',
  353: 'WMA',
  8193: 'DTS',
  61868: 'FLAC',
};

/** The standard header written by {@link wavHeader}: RIFF, fmt (16 bytes), data. */
export const WAV_HEADER_BYTES = 44;

function fourCc(view: DataView, offset: number): number {
  return view.getUint32(offset, false);
}

function describeFormat(tag: number): string {
  const name = FORMAT_NAMES[tag];
  return name ? `format ${tag} (${name})` : `format ${tag}`;
}

interface ChunkScan {
  info: Omit<WavInfo, 'dataBytes' | 'frames' | 'durationMs'>;
  /** The data chunk's size field as written. */
  declaredDataBytes: number;
  /** Offset of the data chunk's size field. */
  dataSizeOffset: number;
  /** The RIFF size field as written. */
  declaredRiffBytes: number;
}

function readFmt(view: DataView, offset: number, size: number) {
  if (size < 16) throw new WavError(`corrupt WAV: fmt chunk is ${size} bytes, needs at least 16`);
  let tag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) {
      throw new WavError(`corrupt WAV: extensible fmt chunk is ${size} bytes, needs 40`);
    }
    // The sub-format GUID starts with the plain format tag.
    tag = view.getUint16(offset + 24, true);
  }
  let encoding: WavEncoding;
  if (tag === FORMAT_PCM) {
    if (![8, 16, 24, 32].includes(bitsPerSample)) {
      throw new WavError(
        `unsupported WAV encoding: ${bitsPerSample}-bit PCM; convert to 16-bit PCM`,
      );
    }
    encoding = 'pcm';
  } else if (tag === FORMAT_FLOAT) {
    if (bitsPerSample !== 32 && bitsPerSample !== 64) {
      throw new WavError(
        `unsupported WAV encoding: ${bitsPerSample}-bit float; convert to 16-bit PCM`,
      );
    }
    encoding = 'float';
  } else {
    throw new WavError(`unsupported WAV encoding: ${describeFormat(tag)}; convert to PCM`);
  }
  if (channels < 1) throw new WavError('corrupt WAV: the fmt chunk declares 0 channels');
  if (sampleRate < 1) throw new WavError('corrupt WAV: the fmt chunk declares a sample rate of 0');
  const rateProblem = sampleRateProblem(sampleRate);
  if (rateProblem) throw new WavError(`cannot read WAV: ${rateProblem}`);
  const expectedAlign = channels * (bitsPerSample / 8);
  if (blockAlign !== expectedAlign) {
    throw new WavError(
      `corrupt WAV: block align is ${blockAlign} bytes, ${channels} channel(s) of ${bitsPerSample} bits need ${expectedAlign}`,
    );
  }
  return { sampleRate, channels, bitsPerSample, encoding, blockAlign };
}

/**
 * Walks the chunks up to the data chunk. `totalBytes` is the real file length, which may exceed
 * `bytes.length` when only the head of a large file was read.
 */
function scanChunks(bytes: Uint8Array, totalBytes: number): ChunkScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) {
    throw new WavError(`not a WAV file (${bytes.length} bytes, too short for a RIFF header)`);
  }
  const magic = fourCc(view, 0);
  if (magic === RIFX) {
    throw new WavError('unsupported WAV encoding: big-endian RIFX; convert to little-endian PCM');
  }
  if (magic === RF64) {
    throw new WavError('unsupported WAV encoding: RF64 (over 4 GB); convert to a standard WAV');
  }
  if (magic !== RIFF) throw new WavError('not a WAV file (no RIFF header)');
  if (fourCc(view, 8) !== WAVE) throw new WavError('not a WAV file (RIFF type is not WAVE)');
  const declaredRiffBytes = view.getUint32(4, true);

  let offset = 12;
  let fmt: ReturnType<typeof readFmt> | null = null;
  while (offset + 8 <= bytes.length) {
    const id = fourCc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === FMT) {
      if (body + Math.min(size, 40) > bytes.length) {
        throw new WavError('truncated WAV: the file ends inside the fmt chunk');
      }
      fmt = readFmt(view, body, size);
    } else if (id === DATA) {
      if (!fmt) throw new WavError('corrupt WAV: data chunk comes before the fmt chunk');
      return {
        info: { ...fmt, dataOffset: body },
        declaredDataBytes: size,
        dataSizeOffset: offset + 4,
        declaredRiffBytes,
      };
    }
    offset = body + size + (size & 1);
  }
  if (offset + 8 > totalBytes || bytes.length >= totalBytes) {
    if (!fmt) throw new WavError('corrupt WAV: no fmt chunk before the end of the file');
    throw new WavError('corrupt WAV: no data chunk; the file holds no audio');
  }
  throw new WavError(
    `cannot read WAV: its data chunk starts beyond the first ${bytes.length} bytes read`,
  );
}

function resolveDataBytes(scan: ChunkScan, totalBytes: number, options: WavReadOptions): number {
  const available = Math.max(0, totalBytes - scan.info.dataOffset);
  let dataBytes = scan.declaredDataBytes;
  if (dataBytes === UNKNOWN_SIZE) {
    dataBytes = available;
  } else if (dataBytes > available) {
    if (!options.allowTruncated) {
      throw new WavError(
        `truncated WAV: header says ${scan.declaredDataBytes} bytes of audio, file has ${available}`,
      );
    }
    dataBytes = available;
  }
  return dataBytes - (dataBytes % scan.info.blockAlign);
}

function finishInfo(scan: ChunkScan, dataBytes: number): WavInfo {
  const frames = dataBytes / scan.info.blockAlign;
  return {
    ...scan.info,
    dataBytes,
    frames,
    durationMs: Math.round((frames * 1000) / scan.info.sampleRate),
  };
}

/**
 * Reads a WAV header: format, where the audio starts, how much there is.
 * `bytes` may be just the head of a file when `totalBytes` (the real file length) is given, so a
 * long recording need not be loaded to learn its duration. Throws {@link WavError} for input that
 * is not a readable WAV. A data size of 0xFFFFFFFF (written by streaming encoders) means "to the
 * end of the file".
 */
export function readWavInfo(
  bytes: Uint8Array,
  totalBytes: number = bytes.length,
  options: WavReadOptions = {},
): WavInfo {
  const scan = scanChunks(bytes, totalBytes);
  return finishInfo(scan, resolveDataBytes(scan, totalBytes, options));
}

/**
 * Decodes a whole WAV file into mono float samples at the file's own sample rate.
 * Multi-channel audio is averaged into one channel. Integer PCM maps to -1..1 by dividing by
 * 2^(bits-1) (8-bit PCM is unsigned, centred on 128); float samples are kept as they are.
 * A trailing partial frame is ignored. Throws {@link WavError} for unreadable or unsupported input.
 */
export function parseWav(bytes: Uint8Array, options: WavReadOptions = {}): DecodedWav {
  const info = readWavInfo(bytes, bytes.length, options);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { channels, frames, dataOffset, bitsPerSample, encoding } = info;
  const bytesPerSample = bitsPerSample / 8;
  const read = sampleReader(view, encoding, bitsPerSample);
  const samples = new Float32Array(frames);
  const scale = 1 / channels;
  let at = dataOffset;
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      sum += read(at);
      at += bytesPerSample;
    }
    samples[frame] = channels === 1 ? sum : sum * scale;
  }
  return { sampleRate: info.sampleRate, channels, samples };
}

function sampleReader(
  view: DataView,
  encoding: WavEncoding,
  bits: number,
): (offset: number) => number {
  if (encoding === 'float') {
    return bits === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  }
  switch (bits) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128;
    case 16:
      return (o) => view.getInt16(o, true) / 32768;
    case 24:
      return (o) => {
        const low = view.getUint16(o, true);
        const high = view.getInt8(o + 2);
        return (high * 65536 + low) / 8388608;
      };
    default:
      return (o) => view.getInt32(o, true) / 2147483648;
  }
}

/**
 * A 44-byte canonical WAV header for `dataBytes` bytes of interleaved audio.
 * `encoding` defaults to integer PCM; pass `'float'` for 32/64-bit IEEE float. When `dataBytes`
 * is odd the RIFF size counts the pad byte the writer must append after the data.
 */
export function wavHeader(
  dataBytes: number,
  sampleRate: number,
  channels: number,
  bitsPerSample: number,
  encoding: WavEncoding = 'pcm',
): Uint8Array {
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes > 0xffffffff - 36) {
    throw new WavError(`cannot write a WAV header for ${dataBytes} bytes of audio`);
  }
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const blockAlign = channels * (bitsPerSample / 8);
  view.setUint32(0, RIFF, false);
  view.setUint32(4, 36 + dataBytes + (dataBytes & 1), true);
  view.setUint32(8, WAVE, false);
  view.setUint32(12, FMT, false);
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'float' ? FORMAT_FLOAT : FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitsPerSample, true);
  view.setUint32(36, DATA, false);
  view.setUint32(40, dataBytes, true);
  return header;
}

/**
 * Converts float samples (nominally -1..1) to 16-bit integers: scaled by 32768, rounded, and
 * clipped to -32768..32767, so a value decoded by {@link parseWav} from 16-bit PCM converts back
 * to the same integer. NaN becomes 0.
 */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] ?? 0) * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v || 0;
  }
  return out;
}

/**
 * Little-endian bytes of 16-bit samples, whatever the platform's byte order.
 * The result is a fresh array; the input is not changed.
 */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] ?? 0, true);
  return out;
}

/**
 * Encodes mono audio as a 16-bit PCM WAV, 16 kHz unless `sampleRate` says otherwise (pass the
 * rate the samples are really at; resample first with `resampleTo16k` for speech tools).
 * Float input goes through {@link floatToInt16}; Int16Array input is written as is.
 */
export function encodeWav(
  samples: Float32Array | Int16Array,
  sampleRate: number = 16000,
): Uint8Array {
  const pcm = samples instanceof Int16Array ? samples : floatToInt16(samples);
  const data = int16ToBytes(pcm);
  const out = new Uint8Array(WAV_HEADER_BYTES + data.length);
  out.set(wavHeader(data.length, sampleRate, 1, 16), 0);
  out.set(data, WAV_HEADER_BYTES);
  return out;
}

/** One 32-bit little-endian value to write at a byte offset of the file. */
export interface WavPatch {
  /** Byte offset in the file. */
  offset: number;
  /** Unsigned 32-bit value, written little-endian. */
  value: number;
}

/** How to make an interrupted or mislabelled WAV file consistent with the audio it holds. */
export interface WavRepair {
  /** The format and audio extent after repair. */
  info: WavInfo;
  /** Size field writes to apply (empty when the header was already right). */
  patches: WavPatch[];
  /** Length the file must be cut to: header, whole frames, pad byte if the data size is odd. */
  fileBytes: number;
  /** Bytes of a partial final frame that the repair discards. */
  droppedBytes: number;
  /** Whether anything changes: a patch, or a shorter file. */
  changed: boolean;
}

/**
 * Plans the repair of a WAV whose size fields are wrong, zero or 0xFFFFFFFF, as left by a
 * recording that was interrupted: the audio is taken to run from the data chunk to the end of
 * the file, cut to whole frames, and the RIFF and data sizes are set to match.
 * A header whose data size fits inside the file is kept (any chunks after the data survive),
 * only the RIFF size is corrected if it disagrees.
 * `head` is the start of the file (enough to reach the data chunk, a few KB) and `totalBytes`
 * the real file length. Throws {@link WavError} when the header itself is unreadable.
 */
export function planWavRepair(head: Uint8Array, totalBytes: number = head.length): WavRepair {
  const scan = scanChunks(head, totalBytes);
  const { dataOffset, blockAlign } = scan.info;
  const available = Math.max(0, totalBytes - dataOffset);
  const declared = scan.declaredDataBytes;
  const declaredFits = declared !== UNKNOWN_SIZE && declared > 0 && declared <= available;
  let dataBytes: number;
  let fileBytes: number;
  let droppedBytes = 0;
  if (declaredFits && declared % blockAlign === 0) {
    dataBytes = declared;
    // Anything after the data chunk (LIST, pad byte) stays where it is.
    fileBytes = totalBytes;
  } else {
    const usable = Math.min(declaredFits ? declared : available, 0xffffffff - dataOffset);
    dataBytes = usable - (usable % blockAlign);
    droppedBytes = usable - dataBytes;
    fileBytes = dataOffset + dataBytes + (dataBytes & 1);
    if (fileBytes > totalBytes) fileBytes = dataOffset + dataBytes;
  }
  const riffBytes = fileBytes - 8;
  const patches: WavPatch[] = [];
  if (scan.declaredRiffBytes !== riffBytes) patches.push({ offset: 4, value: riffBytes });
  if (declared !== dataBytes) patches.push({ offset: scan.dataSizeOffset, value: dataBytes });
  return {
    info: finishInfo(scan, dataBytes),
    patches,
    fileBytes,
    droppedBytes,
    changed: patches.length > 0 || fileBytes !== totalBytes,
  };
}

/**
 * Returns a repaired copy of a whole WAV file held in memory (see {@link planWavRepair}): size
 * fields rewritten from the real data length, a trailing partial frame cut off. The input is not
 * changed. Throws {@link WavError} when the header is unreadable.
 */
export function repairWav(bytes: Uint8Array): { bytes: Uint8Array; repair: WavRepair } {
  const repair = planWavRepair(bytes, bytes.length);
  const out = new Uint8Array(repair.fileBytes);
  out.set(bytes.subarray(0, Math.min(bytes.length, repair.fileBytes)));
  const view = new DataView(out.buffer);
  for (const patch of repair.patches) view.setUint32(patch.offset, patch.value, true);
  return { bytes: out, repair };
}
