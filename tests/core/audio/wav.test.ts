import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  WavError,
  encodeWav,
  floatToInt16,
  parseWav,
  planWavRepair,
  readWavInfo,
  repairWav,
  wavHeader,
} from '../../../core/audio/wav';
import { requireTool } from '../../support/systemTools';

/** Builds a RIFF/WAVE file from chunks, each padded to an even length as RIFF requires. */
function riff(chunks: { id: string; body: Uint8Array; size?: number }[], form = 'WAVE') {
  const parts: Uint8Array[] = [];
  for (const chunk of chunks) {
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    for (let i = 0; i < 4; i++) head[i] = chunk.id.charCodeAt(i);
    view.setUint32(4, chunk.size ?? chunk.body.length, true);
    parts.push(head, chunk.body);
    if (chunk.body.length % 2 === 1) parts.push(new Uint8Array(1));
  }
  const bodyLength = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + bodyLength);
  const view = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46], 0);
  view.setUint32(4, 4 + bodyLength, true);
  for (let i = 0; i < 4; i++) out[8 + i] = form.charCodeAt(i);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fmtBody(tag: number, channels: number, rate: number, bits: number, extra = 0) {
  const body = new Uint8Array(16 + extra);
  const view = new DataView(body.buffer);
  const align = channels * (bits / 8);
  view.setUint16(0, tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, rate * align, true);
  view.setUint16(12, align, true);
  view.setUint16(14, bits, true);
  return body;
}

function int16Body(values: number[]) {
  const body = new Uint8Array(values.length * 2);
  const view = new DataView(body.buffer);
  values.forEach((v, i) => view.setInt16(i * 2, v, true));
  return body;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('encodeWav and parseWav', () => {
  it('round-trips 16-bit samples exactly, including both extremes', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 12345, -2222]);
    const decoded = parseWav(encodeWav(pcm));
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.channels).toBe(1);
    expect(Array.from(floatToInt16(decoded.samples))).toEqual(Array.from(pcm));
  });

  it('round-trips float samples to within one 16-bit step and clips beyond full scale', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 0.123456, 1.5, -1.5]);
    const decoded = parseWav(encodeWav(samples, 22050));
    expect(decoded.sampleRate).toBe(22050);
    const back = Array.from(decoded.samples);
    expect(back.slice(0, 4).map((v, i) => Math.abs(v - (samples[i] ?? 0)) <= 1 / 32768)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(back[4]).toBe(32767 / 32768);
    expect(back[5]).toBe(-1);
  });

  it('writes the canonical 44-byte header with sizes, byte rate and block align', () => {
    const header = wavHeader(32000, 16000, 1, 16);
    const view = new DataView(header.buffer);
    expect(new TextDecoder().decode(header.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(32036);
    expect(new TextDecoder().decode(header.subarray(8, 16))).toBe('WAVEfmt ');
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint32(28, true)).toBe(32000);
    expect(view.getUint16(32, true)).toBe(2);
    expect(view.getUint32(40, true)).toBe(32000);
    const float = new DataView(wavHeader(8, 48000, 2, 32, 'float').buffer);
    expect(float.getUint16(20, true)).toBe(3);
    expect(float.getUint32(28, true)).toBe(384000);
    expect(float.getUint16(32, true)).toBe(8);
  });

  it('counts the pad byte of an odd data size in the RIFF size', () => {
    expect(new DataView(wavHeader(3, 8000, 1, 8).buffer).getUint32(4, true)).toBe(40);
  });

  it('mixes stereo down to the average of the two channels', () => {
    const file = riff([
      { id: 'fmt ', body: fmtBody(1, 2, 44100, 16) },
      { id: 'data', body: int16Body([16384, 0, -16384, -16384, 32767, -32768]) },
    ]);
    const decoded = parseWav(file);
    expect(decoded.channels).toBe(2);
    expect(decoded.sampleRate).toBe(44100);
    expect(Array.from(decoded.samples)).toEqual([0.25, -0.5, -1 / 65536]);
  });

  it('skips unknown chunks before and after fmt, honouring the pad byte of odd sizes', () => {
    const file = riff([
      { id: 'JUNK', body: new Uint8Array(3) },
      { id: 'fmt ', body: fmtBody(1, 1, 16000, 16) },
      { id: 'LIST', body: text('INFOISFT\u0005\u0000\u0000\u0000test\u0000') },
      { id: 'fact', body: new Uint8Array(4) },
      { id: 'data', body: int16Body([100, -100, 200]) },
      { id: 'LIST', body: text('trailing') },
    ]);
    const info = readWavInfo(file);
    expect(info.frames).toBe(3);
    expect(Array.from(floatToInt16(parseWav(file).samples))).toEqual([100, -100, 200]);
  });

  it('reads 32-bit float, 8-bit, 24-bit and extensible PCM written by hand', () => {
    const floatBody = new Uint8Array(8);
    new DataView(floatBody.buffer).setFloat32(0, 0.75, true);
    new DataView(floatBody.buffer).setFloat32(4, -0.25, true);
    const asFloat = riff([
      { id: 'fmt ', body: fmtBody(3, 1, 48000, 32) },
      { id: 'data', body: floatBody },
    ]);
    expect(Array.from(parseWav(asFloat).samples)).toEqual([0.75, -0.25]);

    const eight = riff([
      { id: 'fmt ', body: fmtBody(1, 1, 8000, 8) },
      { id: 'data', body: Uint8Array.from([128, 192, 0]) },
    ]);
    expect(Array.from(parseWav(eight).samples)).toEqual([0, 0.5, -1]);

    const extensible = fmtBody(0xfffe, 1, 16000, 24, 24);
    new DataView(extensible.buffer).setUint16(24, 1, true);
    const twentyFour = riff([
      { id: 'fmt ', body: extensible },
      { id: 'data', body: Uint8Array.from([0, 0, 0x40, 0, 0, 0xc0]) },
    ]);
    expect(Array.from(parseWav(twentyFour).samples)).toEqual([0.5, -0.5]);
  });

  it('reads a data size of 0xFFFFFFFF as running to the end of the file', () => {
    const file = riff([
      { id: 'fmt ', body: fmtBody(1, 1, 16000, 16) },
      { id: 'data', body: int16Body([1, 2, 3, 4]), size: 0xffffffff },
    ]);
    expect(readWavInfo(file).frames).toBe(4);
  });

  it('reads the whole frames of a cut-off file when allowTruncated is set', () => {
    const full = encodeWav(Int16Array.from([5, 6, 7, 8]));
    const cut = full.subarray(0, full.length - 3);
    expect(() => parseWav(cut)).toThrow('truncated WAV: header says 8 bytes of audio, file has 5');
    const decoded = parseWav(cut, { allowTruncated: true });
    expect(Array.from(floatToInt16(decoded.samples))).toEqual([5, 6]);
  });

  it('reports duration from the head of a file and its real length', () => {
    const file = encodeWav(new Float32Array(16000 * 3));
    const info = readWavInfo(file.subarray(0, 64), file.length);
    expect(info).toMatchObject({ frames: 48000, durationMs: 3000, dataOffset: 44 });
  });
});

describe('corrupt and unsupported input', () => {
  const pcmFmt = fmtBody(1, 1, 16000, 16);
  const cases: { name: string; bytes: Uint8Array; message: string }[] = [
    {
      name: 'an empty file',
      bytes: new Uint8Array(0),
      message: 'not a WAV file (0 bytes, too short for a RIFF header)',
    },
    {
      name: 'an MP3 with an ID3 tag',
      bytes: text('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000'),
      message: 'not a WAV file (no RIFF header)',
    },
    {
      name: 'a RIFF file that is an AVI',
      bytes: riff([{ id: 'hdrl', body: new Uint8Array(4) }], 'AVI '),
      message: 'not a WAV file (RIFF type is not WAVE)',
    },
    {
      name: 'an MP3 inside a WAV',
      bytes: riff([
        { id: 'fmt ', body: fmtBody(85, 2, 44100, 0, 14) },
        { id: 'data', body: new Uint8Array(10) },
      ]),
      message: 'unsupported WAV encoding: format 85 (MP3); convert to PCM',
    },
    {
      name: 'A-law',
      bytes: riff([{ id: 'fmt ', body: fmtBody(6, 1, 8000, 8) }]),
      message: 'unsupported WAV encoding: format 6 (A-law); convert to PCM',
    },
    {
      name: 'Microsoft ADPCM',
      bytes: riff([{ id: 'fmt ', body: fmtBody(2, 1, 8000, 4) }]),
      message: 'unsupported WAV encoding: format 2 (Microsoft ADPCM); convert to PCM',
    },
    {
      name: 'an unnamed format',
      bytes: riff([{ id: 'fmt ', body: fmtBody(4242, 1, 8000, 16) }]),
      message: 'unsupported WAV encoding: format 4242; convert to PCM',
    },
    {
      name: '12-bit PCM',
      bytes: riff([{ id: 'fmt ', body: fmtBody(1, 1, 8000, 12) }]),
      message: 'unsupported WAV encoding: 12-bit PCM; convert to 16-bit PCM',
    },
    {
      name: '16-bit float',
      bytes: riff([{ id: 'fmt ', body: fmtBody(3, 1, 8000, 16) }]),
      message: 'unsupported WAV encoding: 16-bit float; convert to 16-bit PCM',
    },
    {
      name: 'a header that promises more audio than the file has',
      bytes: riff([
        { id: 'fmt ', body: pcmFmt },
        { id: 'data', body: new Uint8Array(1200), size: 1000000 },
      ]),
      message: 'truncated WAV: header says 1000000 bytes of audio, file has 1200',
    },
    {
      name: 'a file that ends inside the fmt chunk',
      bytes: riff([{ id: 'fmt ', body: pcmFmt }]).subarray(0, 30),
      message: 'truncated WAV: the file ends inside the fmt chunk',
    },
    {
      name: 'a data chunk before the fmt chunk',
      bytes: riff([
        { id: 'data', body: new Uint8Array(4) },
        { id: 'fmt ', body: pcmFmt },
      ]),
      message: 'corrupt WAV: data chunk comes before the fmt chunk',
    },
    {
      name: 'no data chunk',
      bytes: riff([{ id: 'fmt ', body: pcmFmt }]),
      message: 'corrupt WAV: no data chunk; the file holds no audio',
    },
    {
      name: 'no fmt chunk',
      bytes: riff([{ id: 'LIST', body: new Uint8Array(4) }]),
      message: 'corrupt WAV: no fmt chunk before the end of the file',
    },
    {
      name: 'a short fmt chunk',
      bytes: riff([{ id: 'fmt ', body: pcmFmt.subarray(0, 14) }]),
      message: 'corrupt WAV: fmt chunk is 14 bytes, needs at least 16',
    },
    {
      name: 'a block align that disagrees with the format',
      bytes: (() => {
        const body = fmtBody(1, 2, 16000, 16);
        new DataView(body.buffer).setUint16(12, 2, true);
        return riff([{ id: 'fmt ', body }]);
      })(),
      message: 'corrupt WAV: block align is 2 bytes, 2 channel(s) of 16 bits need 4',
    },
    {
      name: 'zero channels',
      bytes: riff([{ id: 'fmt ', body: fmtBody(1, 0, 16000, 16) }]),
      message: 'corrupt WAV: the fmt chunk declares 0 channels',
    },
    {
      name: 'big-endian RIFX',
      bytes: text('RIFX\u0000\u0000\u0000\u0000WAVE'),
      message: 'unsupported WAV encoding: big-endian RIFX; convert to little-endian PCM',
    },
  ];

  it.each(cases)('rejects $name with a WavError saying so', ({ bytes, message }) => {
    let caught: unknown;
    try {
      parseWav(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WavError);
    expect((caught as Error).message).toBe(message);
  });
});

describe('planWavRepair and repairWav', () => {
  const pcm = Int16Array.from({ length: 500 }, (_, i) => ((i * 37) % 2000) - 1000);
  const complete = encodeWav(pcm);

  function withSizes(bytes: Uint8Array, riffSize: number, dataSize: number, extra = 0) {
    const out = new Uint8Array(bytes.length + extra);
    out.set(bytes);
    out.fill(0x7f, bytes.length);
    const view = new DataView(out.buffer);
    view.setUint32(4, riffSize, true);
    view.setUint32(40, dataSize, true);
    return out;
  }

  it('rebuilds zero sizes from the data length and drops a partial final sample', () => {
    const interrupted = withSizes(complete, 36, 0, 1);
    const { bytes, repair } = repairWav(interrupted);
    expect(repair.patches).toEqual([
      { offset: 4, value: 1036 },
      { offset: 40, value: 1000 },
    ]);
    expect(repair).toMatchObject({ fileBytes: 1044, droppedBytes: 1, changed: true });
    expect(repair.info.frames).toBe(500);
    expect(Array.from(floatToInt16(parseWav(bytes).samples))).toEqual(Array.from(pcm));
  });

  it('shrinks a header that promises more than was written', () => {
    const cut = withSizes(complete, 1000036, 1000000).subarray(0, 44 + 601);
    const { bytes, repair } = repairWav(cut);
    expect(repair.info.dataBytes).toBe(600);
    expect(repair.droppedBytes).toBe(1);
    expect(bytes.length).toBe(644);
    expect(Array.from(floatToInt16(parseWav(bytes).samples))).toEqual(
      Array.from(pcm.slice(0, 300)),
    );
  });

  it('fixes a streaming header of 0xFFFFFFFF sizes', () => {
    const streaming = withSizes(complete, 0xffffffff, 0xffffffff);
    expect(repairWav(streaming).repair.patches).toEqual([
      { offset: 4, value: 1036 },
      { offset: 40, value: 1000 },
    ]);
  });

  it('drops a partial stereo frame of three bytes', () => {
    const stereo = riff([
      { id: 'fmt ', body: fmtBody(1, 2, 48000, 16) },
      { id: 'data', body: int16Body([1, 2, 3, 4]), size: 0 },
    ]);
    const grown = new Uint8Array(stereo.length + 3);
    grown.set(stereo);
    const { repair } = repairWav(grown);
    expect(repair.info.frames).toBe(2);
    expect(repair.droppedBytes).toBe(3);
  });

  it('leaves a correct file alone, chunks after the data included', () => {
    expect(planWavRepair(complete)).toMatchObject({ patches: [], changed: false, fileBytes: 1044 });
    const listAfter = riff([
      { id: 'fmt ', body: fmtBody(1, 1, 16000, 16) },
      { id: 'data', body: int16Body([1, 2]) },
      { id: 'LIST', body: text('INFO') },
    ]);
    expect(planWavRepair(listAfter)).toMatchObject({ patches: [], changed: false });
  });

  it('plans the same repair from the head of the file and its length', () => {
    const interrupted = withSizes(complete, 36, 0, 1);
    const fromHead = planWavRepair(interrupted.subarray(0, 64), interrupted.length);
    expect(fromHead).toEqual(planWavRepair(interrupted));
  });

  it('refuses to repair bytes that are not a WAV', () => {
    expect(() => planWavRepair(text('not audio at all'))).toThrow(
      'not a WAV file (no RIFF header)',
    );
  });
});

const sox = requireTool('sox', 'apt install sox');

describe.skipIf(!sox)('files written by sox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wav-sox-'));
  const variants = [
    { name: '16-bit PCM', args: ['-e', 'signed-integer', '-b', '16'] },
    { name: '24-bit PCM (extensible)', args: ['-e', 'signed-integer', '-b', '24'] },
    { name: '32-bit float with a fact chunk', args: ['-e', 'floating-point', '-b', '32'] },
    { name: '8-bit unsigned PCM', args: ['-e', 'unsigned-integer', '-b', '8'] },
  ];

  it.each(variants)('decodes a 440 Hz tone at half scale from $name', ({ args }) => {
    const path = join(dir, `${args.join('')}.wav`);
    execFileSync(sox ?? 'sox', [
      '-r',
      '16000',
      '-c',
      '2',
      '-n',
      ...args,
      path,
      'synth',
      '0.5',
      'sine',
      '440',
      'vol',
      '0.5',
    ]);
    const decoded = parseWav(new Uint8Array(readFileSync(path)));
    expect(decoded).toMatchObject({ sampleRate: 16000, channels: 2 });
    expect(decoded.samples.length).toBe(8000);
    const peak = decoded.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.49);
    expect(peak).toBeLessThan(0.51);
    // 0.5 s of 440 Hz crosses zero upwards 220 times.
    let upward = 0;
    for (let i = 1; i < decoded.samples.length; i++) {
      if ((decoded.samples[i - 1] ?? 0) < 0 && (decoded.samples[i] ?? 0) >= 0) upward++;
    }
    expect(Math.abs(upward - 220)).toBeLessThanOrEqual(1);
  });
});
