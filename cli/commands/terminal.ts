/**
 * Text bound for a terminal: everything a transcript, a scenario file or an error message holds
 * is printed as text, never as terminal commands.
 */

/**
 * Escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, DCS/SOS/PM/APC strings and
 * two-byte `ESC x`), the 8-bit CSI and OSC introducers with what follows them, and every other
 * C0 or C1 control character but tab, newline and carriage return.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]|[\u009d\u0090\u0098\u009e\u009f][^\u0007\u001b\u009c]*[\u0007\u009c]?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * `text` without terminal control sequences: a transcript holding OSC 52 (set the clipboard),
 * a window-title change or a clear-screen prints as the words around them.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '');
}

/** A stream whose writes go through {@link terminalText}; `isTTY` is kept. */
export function terminalStream<S extends { write(text: string): unknown; isTTY?: boolean }>(
  stream: S,
): S {
  return {
    ...stream,
    isTTY: stream.isTTY,
    write: (text: string) => stream.write(terminalText(text)),
  } as S;
}
