import type { FileHandle } from 'node:fs/promises';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from './errors';
import { halfToFloat } from './halfFloat';

/**
 * Reads a CTranslate2 model file (`model.bin`, the format faster-whisper uses). The file is a
 * little-endian sequence: uint32 binary version, the spec name and uint32 spec revision, uint32
 * variable count, then for each variable its name, uint8 rank, uint32 dims, uint8 type id,
 * uint32 byte count and the raw bytes, and last uint32 alias count with (alias, target) name
 * pairs. A string is a uint16 length (counting its trailing NUL), the UTF-8 bytes and the NUL.
 * Weights quantised to int8 carry a float `<name>_scale` per output row (value = int8 / scale).
 *
 * A model may be split in parts (`model.bin.part1`, `model.bin.part2`, ...) that are read as
 * one file. Only headers are read up front; weights are read on demand.
 */

/** Type ids in the order CTranslate2 numbers them. */
export const CT2_DTYPES = ['float32', 'int8', 'int16', 'int32', 'float16', 'bfloat16'] as const;

/** A CTranslate2 element type. */
export type Ct2DType = (typeof CT2_DTYPES)[number];

const DTYPE_BYTES: Record<Ct2DType, number> = {
  float32: 4,
  int8: 1,
  int16: 2,
  int32: 4,
  float16: 2,
  bfloat16: 2,
};

/** Binary versions this reader understands (type ids and aliases both present). */
export const CT2_BINARY_VERSIONS = { min: 4, max: 6 } as const;

const MAX_NAME_BYTES = 4096;
const MAX_RANK = 8;
const MAX_VARIABLES = 100_000;

/** One stored variable: where its bytes lie in the (joined) model file. */
export interface Ct2Variable {
  name: string;
  shape: number[];
  dtype: Ct2DType;
  byteLength: number;
  /** Offset of the first data byte from the start of the joined file. */
  offset: number;
}

/** What the model file says about itself. */
export interface Ct2Header {
  binaryVersion: number;
  /** `WhisperSpec` for Whisper models. */
  specName: string;
  specRevision: number;
  variables: Ct2Variable[];
  /** Alias name to the name of the variable it shares. */
  aliases: Record<string, string>;
}

/**
 * The file or files holding a folder's model: `model.bin`, else `model.bin.part1`, `.part2`, ...
 * in number order (with no gap). Throws `not-a-model` when there is neither.
 */
export async function findModelBinParts(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => null);
  if (names === null) {
    throw new ModelError('not-a-model', `${dir} is not a folder that can be read.`);
  }
  if (names.includes('model.bin')) return [join(dir, 'model.bin')];
  const parts = names
    .map((name) => ({ name, number: /^model\.bin\.part(\d+)$/.exec(name)?.[1] }))
    .filter((p): p is { name: string; number: string } => p.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number));
  if (parts.length === 0) {
    throw new ModelError(
      'not-a-model',
      `${dir} holds no model: a faster-whisper (CTranslate2) folder has model.bin, config.json and tokenizer files.`,
    );
  }
  parts.forEach((part, i) => {
    if (Number(part.number) !== i + 1) {
      throw new ModelError(
        'corrupt-model',
        `${dir} has model.bin parts ${parts.map((p) => p.number).join(', ')}: part ${i + 1} is missing.`,
      );
    }
  });
  return parts.map((p) => join(dir, p.name));
}

/** Several files read as one: positions run across part boundaries. */
class JoinedFile {
  private constructor(
    private readonly parts: { handle: FileHandle; start: number; size: number }[],
    readonly size: number,
  ) {}

  static async open(paths: string[]): Promise<JoinedFile> {
    const parts: { handle: FileHandle; start: number; size: number }[] = [];
    let start = 0;
    try {
      for (const path of paths) {
        const size = (await stat(path)).size;
        parts.push({ handle: await open(path, 'r'), start, size });
        start += size;
      }
    } catch (error) {
      await Promise.all(parts.map((p) => p.handle.close()));
      throw new ModelError('io', `Cannot read the model file (${(error as Error).message}).`);
    }
    return new JoinedFile(parts, start);
  }

  /** Exactly `length` bytes from `position`; throws `corrupt-model` when the file ends first. */
  async read(position: number, length: number): Promise<Buffer> {
    if (position + length > this.size) throw truncated(position + length, this.size);
    const out = Buffer.alloc(length);
    let done = 0;
    for (const part of this.parts) {
      if (done === length) break;
      const at = position + done;
      if (at >= part.start + part.size) continue;
      const take = Math.min(length - done, part.start + part.size - at);
      const { bytesRead } = await part.handle.read(out, done, take, at - part.start);
      if (bytesRead !== take) throw truncated(position + length, at + bytesRead);
      done += take;
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.handle.close()));
  }
}

function truncated(neededBytes: number, sizeBytes: number): ModelError {
  return new ModelError(
    'corrupt-model',
    `The model file ends early: it has ${sizeBytes} bytes where at least ${neededBytes} are needed. ` +
      'It is truncated or damaged; fetch it again.',
  );
}

/** Sequential reads over a {@link JoinedFile} through a buffer, for the small header fields. */
class Cursor {
  private buffer: Buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;

  constructor(private readonly file: JoinedFile) {}

  private async need(length: number): Promise<Buffer> {
    const end = this.position + length;
    if (this.position < this.bufferStart || end > this.bufferStart + this.buffer.length) {
      const take = Math.min(Math.max(length, 1 << 16), this.file.size - this.position);
      if (take < length) throw truncated(end, this.file.size);
      this.buffer = await this.file.read(this.position, take);
      this.bufferStart = this.position;
    }
    const from = this.position - this.bufferStart;
    this.position = end;
    return this.buffer.subarray(from, from + length);
  }

  async u8(): Promise<number> {
    return (await this.need(1)).readUInt8(0);
  }
  async u16(): Promise<number> {
    return (await this.need(2)).readUInt16LE(0);
  }
  async u32(): Promise<number> {
    return (await this.need(4)).readUInt32LE(0);
  }
  async string(): Promise<string> {
    const length = await this.u16();
    if (length === 0 || length > MAX_NAME_BYTES) {
      throw new ModelError(
        'corrupt-model',
        `The model file has a name of ${length} bytes at byte ${this.position - 2}; it is damaged.`,
      );
    }
    const bytes = await this.need(length);
    return bytes.toString('utf8', 0, length - 1);
  }
  skip(length: number): void {
    this.position += length;
  }
}

async function readHeader(file: JoinedFile): Promise<Ct2Header> {
  const cursor = new Cursor(file);
  const binaryVersion = await cursor.u32();
  if (binaryVersion < CT2_BINARY_VERSIONS.min || binaryVersion > CT2_BINARY_VERSIONS.max) {
    throw new ModelError(
      binaryVersion > 0 && binaryVersion < 100 ? 'unsupported-model' : 'not-a-model',
      binaryVersion > 0 && binaryVersion < 100
        ? `This CTranslate2 model uses binary format version ${binaryVersion}; versions ${CT2_BINARY_VERSIONS.min} to ${CT2_BINARY_VERSIONS.max} can be converted. Convert it again with a current CTranslate2.`
        : 'model.bin is not a CTranslate2 model file.',
    );
  }
  const specName = await cursor.string();
  const specRevision = await cursor.u32();
  const count = await cursor.u32();
  if (count > MAX_VARIABLES) {
    throw new ModelError(
      'corrupt-model',
      `The model file claims ${count} variables; it is damaged.`,
    );
  }
  const variables: Ct2Variable[] = [];
  for (let i = 0; i < count; i++) {
    const name = await cursor.string();
    const rank = await cursor.u8();
    if (rank > MAX_RANK) {
      throw new ModelError(
        'corrupt-model',
        `Variable ${name} has rank ${rank}; the file is damaged.`,
      );
    }
    const shape: number[] = [];
    for (let d = 0; d < rank; d++) shape.push(await cursor.u32());
    const typeId = await cursor.u8();
    const dtype = CT2_DTYPES[typeId];
    if (!dtype) {
      throw new ModelError(
        'unsupported-model',
        `Variable ${name} has type id ${typeId}, which this converter does not know.`,
      );
    }
    const byteLength = await cursor.u32();
    const expected = shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[dtype];
    if (byteLength !== expected) {
      throw new ModelError(
        'corrupt-model',
        `Variable ${name} (${dtype} [${shape.join(', ')}]) claims ${byteLength} bytes instead of ${expected}; the file is damaged.`,
      );
    }
    variables.push({ name, shape, dtype, byteLength, offset: cursor.position });
    cursor.skip(byteLength);
    if (cursor.position > file.size) throw truncated(cursor.position, file.size);
  }
  const aliases: Record<string, string> = {};
  const aliasCount = await cursor.u32();
  if (aliasCount > MAX_VARIABLES) {
    throw new ModelError(
      'corrupt-model',
      `The model file claims ${aliasCount} aliases; it is damaged.`,
    );
  }
  for (let i = 0; i < aliasCount; i++) {
    const alias = await cursor.string();
    aliases[alias] = await cursor.string();
  }
  return { binaryVersion, specName, specRevision, variables, aliases };
}

/** An open CTranslate2 model: its header, and its variables read on demand. */
export class Ct2Model {
  private readonly byName: Map<string, Ct2Variable>;

  private constructor(
    private readonly file: JoinedFile,
    readonly header: Ct2Header,
    /** The files read, in order. */
    readonly paths: string[],
  ) {
    this.byName = new Map(header.variables.map((v) => [v.name, v]));
  }

  /** Opens the model in folder `dir` (see {@link findModelBinParts}) and reads its header. */
  static async open(dir: string): Promise<Ct2Model> {
    const paths = await findModelBinParts(dir);
    const file = await JoinedFile.open(paths);
    try {
      return new Ct2Model(file, await readHeader(file), paths);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Total bytes of the model file(s). */
  get sizeBytes(): number {
    return this.file.size;
  }

  /** True when `name` is a variable or an alias of one. */
  has(name: string): boolean {
    return this.byName.has(this.header.aliases[name] ?? name);
  }

  /** The variable called `name` (following an alias); throws `unsupported-model` when absent. */
  variable(name: string): Ct2Variable {
    const found = this.byName.get(this.header.aliases[name] ?? name);
    if (!found) {
      throw new ModelError(
        'unsupported-model',
        `The ${this.header.specName} model has no variable ${name}; it is not a layout this converter can read.`,
      );
    }
    return found;
  }

  /** A scalar variable as a number (integer types as is, float types as floats). */
  async scalar(name: string): Promise<number> {
    const variable = this.variable(name);
    if (variable.shape.length !== 0) {
      throw new ModelError('unsupported-model', `${name} should be a single value.`);
    }
    return (await this.floatRows(name, 0, 1))[0] ?? 0;
  }

  /**
   * Rows `[startRow, startRow + rowCount)` of a variable (a row is everything after the first
   * dimension; a scalar or vector has rows of one element), as stored: its type and bytes.
   */
  async rawRows(
    name: string,
    startRow: number,
    rowCount: number,
  ): Promise<{ dtype: Ct2DType; bytes: Buffer }> {
    const variable = this.variable(name);
    const rows = variable.shape[0] ?? 1;
    if (startRow < 0 || rowCount < 0 || startRow + rowCount > rows) {
      throw new ModelError(
        'unsupported-model',
        `${name} has ${rows} rows; rows ${startRow} to ${startRow + rowCount} were expected.`,
      );
    }
    const rowBytes = variable.byteLength / Math.max(1, rows);
    const bytes = await this.file.read(variable.offset + startRow * rowBytes, rowCount * rowBytes);
    return { dtype: variable.dtype, bytes };
  }

  /**
   * Rows of a variable as float32 values. float16 and bfloat16 are widened; int8 and int16
   * weights are divided by their `<name>_scale` (one scale per row, or one for the whole matrix).
   */
  async floatRows(name: string, startRow: number, rowCount: number): Promise<Float32Array> {
    const { dtype, bytes } = await this.rawRows(name, startRow, rowCount);
    const values = toFloat32(dtype, bytes);
    if (dtype !== 'int8' && dtype !== 'int16') return values;
    const scaleName = `${name}_scale`;
    if (!this.has(scaleName)) {
      if (name.endsWith('_scale') || !name.includes('weight')) return values;
      throw new ModelError('unsupported-model', `${name} is quantised but has no ${scaleName}.`);
    }
    const scaleVariable = this.variable(scaleName);
    const perRow = scaleVariable.shape.length > 0 && (scaleVariable.shape[0] ?? 0) > 1;
    const scales = perRow
      ? await this.floatRows(scaleName, startRow, rowCount)
      : await this.floatRows(scaleName, 0, 1);
    const rowLength = values.length / Math.max(1, rowCount);
    for (let r = 0; r < rowCount; r++) {
      const scale = perRow ? (scales[r] ?? 1) : (scales[0] ?? 1);
      for (let i = r * rowLength; i < (r + 1) * rowLength; i++)
        values[i] = (values[i] ?? 0) / scale;
    }
    return values;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Bytes of `dtype` values as float32 (integers converted as they are). */
export function toFloat32(dtype: Ct2DType, bytes: Buffer): Float32Array {
  const count = bytes.length / DTYPE_BYTES[dtype];
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'float32':
        out[i] = bytes.readFloatLE(i * 4);
        break;
      case 'float16':
        out[i] = halfToFloat(bytes.readUInt16LE(i * 2));
        break;
      case 'bfloat16':
        out[i] = bfloatToFloat(bytes.readUInt16LE(i * 2));
        break;
      case 'int8':
        out[i] = bytes.readInt8(i);
        break;
      case 'int16':
        out[i] = bytes.readInt16LE(i * 2);
        break;
      case 'int32':
        out[i] = bytes.readInt32LE(i * 4);
        break;
    }
  }
  return out;
}

const bfloatScratch = new DataView(new ArrayBuffer(4));

function bfloatToFloat(bits: number): number {
  bfloatScratch.setUint32(0, bits << 16, true);
  return bfloatScratch.getFloat32(0, true);
}
