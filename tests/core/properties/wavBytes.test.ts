import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WavError,
  encodeWav,
  parseWav,
  planWavRepair,
  readWavInfo,
  repairWav,
  wavHeader,
} from '../../../core/audio/wav';
import type { WavInfo } from '../../../core/audio/wav';

/**
 * WAV files come from disk, from other programs and from interrupted recordings. Whatever the
 * bytes, the readers either return values that fit inside the input or throw a WavError: never
 * another error, never a loop that does not end, never an allocation larger than the input.
 */

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const sizeField = fc.oneof(
  fc.constantFrom(0, 1, 2, 15, 16, 17, 18, 39, 40, 0x7fffffff, 0xfffffff0, 0xfffffffe, 0xffffffff),
  fc.nat({ max: 0xffffffff }),
  fc.nat({ max: 4096 }),
);

/** A chunk with any id (known ones included) and any declared size, followed by some bytes. */
const chunk = fc
  .tuple(
    fc.constantFrom('fmt ', 'data', 'LIST', 'fact', 'JUNK', 'RIFF', '\0\0\0\0', 'ffff'),
    sizeField,
    fc.uint8Array({ maxLength: 64 }),
  )
  .map(([id, size, body]) => concat([ascii(id), u32(size), body]));

/** Start from a real file: a valid WAV of any supported layout. */
const validWav = fc
  .tuple(
    fc.constantFrom<[number, 'pcm' | 'float']>(
      [8, 'pcm'],
      [16, 'pcm'],
      [24, 'pcm'],
      [32, 'pcm'],
      [32, 'float'],
      [64, 'float'],
    ),
    fc.integer({ min: 1, max: 8 }),
    // Rates outside 8-192 kHz come from the damage that rewrites the header's rate field.
    fc.constantFrom(8000, 16000, 44100, 48000, 192000),
    fc.uint8Array({ maxLength: 256 }),
  )
  .map(([[bits, encoding], channels, rate, body]) => {
    const header = wavHeader(body.length, rate, channels, bits, encoding);
    return concat([header, body]);
  });

/** One way to damage a file. */
const damage = fc.oneof(
  fc.record({
    kind: fc.constant('truncate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('setU32' as const),
    offset: fc.constantFrom(4, 16, 24, 28, 40, 0, 8, 12, 36),
    value: sizeField,
  }),
  fc.record({
    kind: fc.constant('setU16' as const),
    offset: fc.constantFrom(20, 22, 32, 34),
    value: fc.oneof(fc.constantFrom(0, 1, 3, 0xfffe, 0xffff, 7, 85), fc.nat({ max: 0xffff })),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('insertChunk' as const), chunk, at: fc.constantFrom(12, 36, 44) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 32 }) }),
);
type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function applyDamage(bytes: Uint8Array, d: Damage): Uint8Array {
  switch (d.kind) {
    case 'truncate':
      return bytes.slice(0, Math.floor(d.at * bytes.length));
    case 'setU32': {
      if (d.offset + 4 > bytes.length) return bytes;
      const out = bytes.slice();
      new DataView(out.buffer).setUint32(d.offset, d.value >>> 0, true);
      return out;
    }
    case 'setU16': {
      if (d.offset + 2 > bytes.length) return bytes;
      const out = bytes.slice();
      new DataView(out.buffer).setUint16(d.offset, d.value, true);
      return out;
    }
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[d.at % out.length] = d.byte;
      return out;
    }
    case 'insertChunk': {
      const at = Math.min(d.at, bytes.length);
      return concat([bytes.subarray(0, at), d.chunk, bytes.subarray(at)]);
    }
    case 'append':
      return concat([bytes, d.bytes]);
  }
}

const damagedWav = fc.oneof(
  fc
    .tuple(validWav, fc.array(damage, { minLength: 1, maxLength: 3 }))
    .map(([bytes, damages]) => damages.reduce(applyDamage, bytes)),
  fc
    .tuple(
      fc.constantFrom('RIFF', 'RIFX', 'RF64', 'riff'),
      sizeField,
      fc.array(chunk, { maxLength: 4 }),
    )
    .map(([magic, size, chunks]) => concat([ascii(magic), u32(size), ascii('WAVE'), ...chunks])),
  fc.uint8Array({ maxLength: 128 }),
);

/** Runs `read`; returns its value, or undefined when it threw a WavError. Other errors escape. */
function orWavError<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof WavError) return undefined;
    throw error;
  }
}

function expectSane(info: WavInfo, totalBytes: number): void {
  expect(info.sampleRate).toBeGreaterThanOrEqual(8000);
  expect(info.sampleRate).toBeLessThanOrEqual(192000);
  expect(info.channels).toBeGreaterThanOrEqual(1);
  expect([8, 16, 24, 32, 64]).toContain(info.bitsPerSample);
  expect(info.blockAlign).toBe((info.channels * info.bitsPerSample) / 8);
  expect(info.dataOffset).toBeGreaterThanOrEqual(20);
  expect(info.dataOffset + info.dataBytes).toBeLessThanOrEqual(totalBytes);
  expect(Number.isInteger(info.frames)).toBe(true);
  expect(info.frames * info.blockAlign).toBe(info.dataBytes);
  expect(Number.isInteger(info.durationMs) && info.durationMs >= 0).toBe(true);
}

describe('the WAV readers on damaged and random bytes', () => {
  it('either read values that fit inside the bytes or throw a WavError', () => {
    const outcomes = { read: 0, refused: 0 };
    fc.assert(
      fc.property(damagedWav, (bytes) => {
        for (const allowTruncated of [false, true]) {
          const info = orWavError(() => readWavInfo(bytes, bytes.length, { allowTruncated }));
          outcomes[info ? 'read' : 'refused']++;
          if (info) expectSane(info, bytes.length);
          const decoded = orWavError(() => parseWav(bytes, { allowTruncated }));
          if (decoded) {
            expect(decoded.samples.length).toBeLessThanOrEqual(bytes.length);
            expect(decoded.samples.length).toBe(info?.frames);
          }
        }
      }),
      { numRuns: 3000, seed: 1729 },
    );
    // The inputs exercise both paths: files still readable after damage, and refused ones.
    expect(outcomes.read).toBeGreaterThan(300);
    expect(outcomes.refused).toBeGreaterThan(500);
  });

  it('read only the head of a longer file without reading past it', () => {
    fc.assert(
      fc.property(damagedWav, fc.nat({ max: 0xffffffff }), (bytes, extra) => {
        const totalBytes = bytes.length + extra;
        const info = orWavError(() => readWavInfo(bytes, totalBytes, { allowTruncated: true }));
        if (info) expectSane(info, totalBytes);
        const plan = orWavError(() => planWavRepair(bytes, totalBytes));
        if (plan) expect(plan.fileBytes).toBeLessThanOrEqual(totalBytes);
      }),
      { numRuns: 2000, seed: 314 },
    );
  });

  it('repair to a file no larger than the input that then reads back as it says', () => {
    let changed = 0;
    fc.assert(
      fc.property(damagedWav, (bytes) => {
        const repaired = orWavError(() => repairWav(bytes));
        if (!repaired) return;
        if (repaired.repair.changed) changed++;
        expect(repaired.bytes.length).toBeLessThanOrEqual(bytes.length);
        expect(repaired.bytes.length).toBe(repaired.repair.fileBytes);
        const again = readWavInfo(repaired.bytes);
        expect(again.dataBytes).toBe(repaired.repair.info.dataBytes);
        expect(planWavRepair(repaired.bytes).changed).toBe(false);
      }),
      { numRuns: 2000, seed: 2718 },
    );
    expect(changed).toBeGreaterThan(50);
  });

  it.each([
    ['zero bytes', new Uint8Array(0)],
    ['a header cut at 11 bytes', encodeWav(new Int16Array(4)).subarray(0, 11)],
    ['a header cut inside fmt', encodeWav(new Int16Array(4)).subarray(0, 30)],
    ['a header cut before the data size', encodeWav(new Int16Array(4)).subarray(0, 42)],
    [
      'a data chunk declaring 4 GB in a 52-byte file',
      concat([wavHeader(0, 16000, 1, 16).subarray(0, 40), u32(0xfffffff0), new Uint8Array(8)]),
    ],
    [
      'a fmt chunk declaring 4 GB',
      concat([
        ascii('RIFF'),
        u32(100),
        ascii('WAVE'),
        ascii('fmt '),
        u32(0xffffffff),
        new Uint8Array(40),
      ]),
    ],
    ['a sample rate of 0', concat([wavHeader(8, 0, 1, 16), new Uint8Array(8)])],
  ])('refuses %s with a WavError', (_label, bytes) => {
    expect(() => parseWav(bytes)).toThrow(WavError);
  });
});
