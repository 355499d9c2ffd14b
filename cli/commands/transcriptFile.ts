import { readFile } from 'node:fs/promises';
import type { Transcript, Word } from '../../core/transcript';
import { LIMITS } from '../../core/limits';
import { transcriptFromWords } from '../../core/transcript';
import { CliError, checkInputFile } from './common';

/**
 * Reading `score --text FILE`: plain text, or timed words as JSON (an array of
 * `{text, startMs, endMs}`, or an object with such a `words` array, or `{text}`).
 */

const WORDS_SHAPE = 'an array of {text, startMs, endMs} or {"words": [...]}';

function fail(file: string, what: string): never {
  throw new CliError(`${file}: ${what}; give plain text or ${WORDS_SHAPE}`);
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function readWords(file: string, list: unknown[], path: string): Word[] {
  return list.map((item, i) => {
    const where = `${path}[${i}]`;
    if (typeof item !== 'object' || item === null) fail(file, `${where} is not an object`);
    const { text, startMs, endMs, confidence } = item as Record<string, unknown>;
    if (typeof text !== 'string') fail(file, `${where}.text must be a string`);
    if (!isMs(startMs)) fail(file, `${where}.startMs must be a number of ms, 0 or more`);
    if (!isMs(endMs) || endMs < startMs) {
      fail(file, `${where}.endMs must be a number of ms, not before startMs`);
    }
    const word: Word = { text, startMs: Math.round(startMs), endMs: Math.round(endMs) };
    if (typeof confidence === 'number') word.confidence = confidence;
    return word;
  });
}

/**
 * Parses the contents of a transcript file named `file` (used in messages). Text that starts
 * with `[` or `{` is read as JSON. Throws a {@link CliError} for malformed JSON, a word without
 * text or times, audio bytes, or a transcript with no words.
 */
export function parseTranscriptText(text: string, file: string): Transcript {
  if (text.includes('\u0000')) {
    throw new CliError(
      `${file} looks like audio or binary data, not text; to score a recording run \`mock-interviewer score ${file}\``,
    );
  }
  const trimmed = text.trim();
  let transcript: Transcript;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      fail(file, `not valid JSON (${(error as Error).message})`);
    }
    if (Array.isArray(data)) {
      transcript = transcriptFromWords(readWords(file, data, 'words'));
    } else if (typeof data === 'object' && data !== null) {
      const record = data as Record<string, unknown>;
      if (Array.isArray(record.words)) {
        transcript = transcriptFromWords(readWords(file, record.words, 'words'));
      } else if (record.words === undefined && typeof record.text === 'string') {
        transcript = { text: record.text };
      } else {
        fail(file, 'the JSON has no "words" array');
      }
    } else {
      fail(file, 'the JSON is neither a list of words nor an object with "words"');
    }
  } else {
    transcript = { text };
  }
  if (transcript.text.trim() === '') {
    throw new CliError(`${file} holds no words to score; write or record an answer first`);
  }
  return transcript;
}

/** Reads and parses a transcript file (see {@link parseTranscriptText}). */
export async function readTranscriptFile(path: string, shown: string): Promise<Transcript> {
  await checkInputFile(
    path,
    shown,
    LIMITS.maxTranscriptFileBytes,
    'transcript size limit; score a shorter answer',
  );
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file; check the path'
        : code === 'EISDIR'
          ? 'it is a folder; give a text or JSON file'
          : `${code ?? String(error)}; check that the file exists and is readable`;
    throw new CliError(`cannot read ${shown}: ${why}`);
  }
  return parseTranscriptText(text, shown);
}
