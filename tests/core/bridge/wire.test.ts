import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire } from '../../../core/bridge/wire';

describe('base64', () => {
  it.each([
    [[], ''],
    [[102], 'Zg=='],
    [[102, 111], 'Zm8='],
    [[102, 111, 111], 'Zm9v'],
    [[0, 255, 128, 7], 'AP+ABw=='],
  ])('encodes %j as %s and back', (bytes, text) => {
    expect(bytesToBase64(new Uint8Array(bytes))).toBe(text);
    expect([...base64ToBytes(text)]).toEqual(bytes);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each(['abc', 'ab$=', 'Zg=a', 'Zé=='])('rejects %s', (text) => {
    expect(() => base64ToBytes(text)).toThrow(/base64/);
  });
});

describe('wire messages', () => {
  it('carries byte arrays inside a request and leaves other values alone', () => {
    const pcm = new Uint8Array([1, 2, 3, 250]);
    const text = encodeWire({ id: 3, call: 'appendAudio', input: { seq: 0, pcm } });
    expect(text).toBe(
      '{"id":3,"call":"appendAudio","input":{"seq":0,"pcm":{"$bytes":"AQID+g=="}}}',
    );
    expect(decodeWire(text)).toEqual({ id: 3, call: 'appendAudio', input: { seq: 0, pcm } });
  });

  it('does not turn an object with other keys into bytes', () => {
    expect(decodeWire('{"a":{"$bytes":"AA==","b":1}}')).toEqual({ a: { $bytes: 'AA==', b: 1 } });
  });

  it('throws on text that is not JSON', () => {
    expect(() => decodeWire('{id: 1')).toThrow(SyntaxError);
  });
});
