/**
 * The browser host's wire format. Calls, answers and events are JSON text frames; a call that
 * carries bytes (an audio chunk) is one binary frame instead: a 4-byte little-endian length,
 * that many bytes of ASCII JSON `{id, call, input, bytes}` where `bytes` names the input field
 * the bytes fill, then the bytes themselves, neither copied into text nor encoded. Electron's IPC
 * clones byte arrays itself and does not use this.
 */

/** A request from the renderer. `id` pairs it with its answer. */
export interface WireRequest {
  id: number;
  call: string;
  input: unknown;
}

/** The host's answer to one request. */
export type WireAnswer =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** An event pushed by the host. */
export interface WireEvent {
  event: string;
  payload: unknown;
}

/** Longest JSON head of a binary frame, bytes: a call's other fields are small. */
export const MAX_BINARY_HEAD_BYTES = 64 * 1024;

/** Serialises a text wire message. */
export function encodeWire(message: WireRequest | WireAnswer | WireEvent): string {
  return JSON.stringify(message);
}

/** Parses a text wire message; throws a SyntaxError on text that is not JSON. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text);
}

/**
 * The input field of `input` that holds a byte array (the first one), or null when it has none;
 * such a request goes as a binary frame.
 */
export function bytesField(input: unknown): string | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  for (const [key, value] of Object.entries(input)) if (value instanceof Uint8Array) return key;
  return null;
}

/** JSON text as ASCII bytes: every character past ASCII is written as a `\uXXXX` escape. */
function asciiBytes(json: string): Uint8Array {
  const ascii = json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return Uint8Array.from(ascii, (c) => c.charCodeAt(0));
}

/** The text of ASCII bytes; throws on a byte past ASCII. */
function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte > 0x7e) throw new Error('the head of the binary frame must be ASCII JSON');
    text += String.fromCharCode(byte);
  }
  return text;
}

/** Builds the binary frame of a request whose input field `field` holds bytes. */
export function encodeBinaryRequest(request: WireRequest, field: string): Uint8Array<ArrayBuffer> {
  const input = { ...(request.input as Record<string, unknown>) };
  const bytes = input[field];
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`input.${field} is not a byte array`);
  delete input[field];
  const head = asciiBytes(JSON.stringify({ ...request, input, bytes: field }));
  const frame = new Uint8Array(4 + head.length + bytes.length);
  new DataView(frame.buffer).setUint32(0, head.length, true);
  frame.set(head, 4);
  frame.set(bytes, 4 + head.length);
  return frame;
}

/**
 * Reads a binary frame back into `{id, call, input}` with the bytes in their field (a view of
 * the frame, not a copy). Throws an Error saying what is wrong with a frame that is too short,
 * a head that is too long or not JSON, or a head without an object input or a field name.
 */
export function decodeBinaryRequest(frame: Uint8Array): unknown {
  if (frame.length < 4) throw new Error('a binary frame starts with the length of its head');
  const headBytes = new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0, true);
  if (headBytes > MAX_BINARY_HEAD_BYTES || 4 + headBytes > frame.length) {
    throw new Error('the head of the binary frame is longer than the frame or the limit');
  }
  const head = JSON.parse(asciiText(frame.subarray(4, 4 + headBytes))) as unknown;
  const { input, bytes, ...rest } = (head ?? {}) as { input?: unknown; bytes?: unknown };
  if (typeof bytes !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(bytes)) {
    throw new Error('the head of the binary frame must name the field its bytes fill');
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('the head of the binary frame must hold an input object');
  }
  return { ...rest, input: { ...input, [bytes]: frame.subarray(4 + headBytes) } };
}
