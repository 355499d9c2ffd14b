import { describe, expect, it } from 'vitest';
import {
  MAX_BINARY_HEAD_BYTES,
  bytesField,
  decodeBinaryRequest,
  decodeWire,
  encodeBinaryRequest,
  encodeWire,
} from '../../../core/bridge/wire';

describe('binary frames for calls that carry bytes', () => {
  it('send an audio chunk as its own bytes after a JSON head, and read back the same request', () => {
    const pcm = new Uint8Array([1, 2, 3, 250]);
    const request = { id: 3, call: 'appendAudio', input: { takeId: 't', seq: 0, pcm } };
    expect(bytesField(request.input)).toBe('pcm');
    const frame = encodeBinaryRequest(request, 'pcm');
    const head = '{"id":3,"call":"appendAudio","input":{"takeId":"t","seq":0},"bytes":"pcm"}';
    expect([...frame.subarray(0, 4)]).toEqual([head.length, 0, 0, 0]);
    expect(new TextDecoder().decode(frame.subarray(4, 4 + head.length))).toBe(head);
    expect([...frame.subarray(4 + head.length)]).toEqual([1, 2, 3, 250]);
    expect(decodeBinaryRequest(frame)).toEqual(request);
  });

  it('writes its head as ASCII, escaping other characters, and reads them back', () => {
    const request = { id: 4, call: 'x', input: { note: 'café ✓ 𝄞', pcm: new Uint8Array([9]) } };
    const frame = encodeBinaryRequest(request, 'pcm');
    expect(frame.subarray(4, frame.length - 1).every((b) => b < 0x7f)).toBe(true);
    expect(decodeBinaryRequest(frame)).toEqual(request);
  });

  it('leaves requests without bytes to text frames', () => {
    expect(bytesField({ id: 'take-1' })).toBeNull();
    expect(bytesField(null)).toBeNull();
    expect(encodeWire({ id: 1, call: 'ping', input: { message: 'hi' } })).toBe(
      '{"id":1,"call":"ping","input":{"message":"hi"}}',
    );
  });

  const head = (text: string, extra: number[] = []) => {
    const bytes = new TextEncoder().encode(text);
    return Uint8Array.from([bytes.length, 0, 0, 0, ...bytes, ...extra]);
  };
  it.each([
    ['too short for its length', new Uint8Array([1, 2]), 'starts with the length of its head'],
    ['a head longer than the frame', Uint8Array.from([200, 0, 0, 0, 123]), 'longer than the frame'],
    ['a head over the limit', Uint8Array.from([0, 0, 1, 0]), 'longer than the frame or the limit'],
    ['a head without a field name', head('{"id":1,"input":{}}'), 'must name the field'],
    ['a field name that is no name', head('{"id":1,"input":{},"bytes":"__proto__"}'), 'must name'],
    ['an input that is not an object', head('{"id":1,"input":[],"bytes":"pcm"}'), 'input object'],
    ['a head that is not ASCII', Uint8Array.from([3, 0, 0, 0, 0x7b, 0xff, 0x7d]), 'ASCII JSON'],
  ])('refuse %s', (_name, frame, message) => {
    expect(() => decodeBinaryRequest(frame)).toThrow(message);
  });

  it('refuses a head that is not JSON', () => {
    expect(() => decodeBinaryRequest(head('{id'))).toThrow(SyntaxError);
  });

  it('keeps the head limit at 64 KiB', () => {
    expect(MAX_BINARY_HEAD_BYTES).toBe(65_536);
  });
});

describe('text frames', () => {
  it('throw on text that is not JSON', () => {
    expect(() => decodeWire('{id: 1')).toThrow(SyntaxError);
  });
});
