import type { SessionRecord } from '../sessions/record';
import { toSrt, toVtt } from './captions';
import { exportBaseName } from './content';
import { toHtml } from './html';
import { toJson } from './json';
import { toMarkdown } from './markdown';

export { captionClock, toSrt, toVtt, wordsToCues } from './captions';
export type { Cue, CueOptions } from './captions';
export { exportBaseName, formatCreatedAt, formatMs, formatSeconds } from './content';
export { escapeHtml, relativeFileUrl, toHtml, HTML_CSP } from './html';
export type { HtmlOptions } from './html';
export { toJson } from './json';
export type { JsonExport } from './json';
export { metricLabel, toMarkdown } from './markdown';

/** What a saved take can be exported to. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every export format, in menu order. */
export const EXPORT_FORMATS = ['html', 'markdown', 'srt', 'vtt', 'json'] as const;

/** An export ready to write: a file name (no folder), its MIME type and its text. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** Options for {@link exportSession}. */
export interface ExportOptions {
  /** The replay audio the HTML page plays, relative to the page. Default `record.audio.replay`. */
  audioFileName?: string;
  /** The replay embedded in the HTML page as a base64 WAV data URI, in place of the file. */
  audioDataUri?: string;
}

const EXTENSIONS: Record<ExportFormat, { ext: string; mimeType: string }> = {
  html: { ext: 'html', mimeType: 'text/html' },
  markdown: { ext: 'md', mimeType: 'text/markdown' },
  srt: { ext: 'srt', mimeType: 'application/x-subrip' },
  vtt: { ext: 'vtt', mimeType: 'text/vtt' },
  json: { ext: 'json', mimeType: 'application/json' },
};

/**
 * Renders a take in `format`, named `<scenario-id>-<YYYY-MM-DD-HHMM>.<ext>` (see
 * {@link exportBaseName}). Captions are shifted by `record.audio.replayOffsetMs` so they line up
 * with the replay audio; the HTML page plays `audioFileName` from beside it. Throws a RangeError
 * naming the formats for an unknown format, and as {@link toHtml} for a bad audio file name.
 */
export function exportSession(
  record: SessionRecord,
  format: ExportFormat,
  options: ExportOptions = {},
): ExportedFile {
  const kind = (EXTENSIONS as Partial<Record<string, { ext: string; mimeType: string }>>)[format];
  if (!kind) {
    throw new RangeError(
      `unknown export format ${JSON.stringify(format)}: use one of ${EXPORT_FORMATS.join(', ')}`,
    );
  }
  const fileName = `${exportBaseName(record)}.${kind.ext}`;
  const offsetMs = record.audio.replayOffsetMs;
  const content = (() => {
    switch (format) {
      case 'html':
        return toHtml(record, {
          audioFileName: options.audioFileName ?? record.audio.replay,
          audioDataUri: options.audioDataUri,
        });
      case 'markdown':
        return toMarkdown(record);
      case 'srt':
        return toSrt(record.transcript.words, { offsetMs });
      case 'vtt':
        return toVtt(record.transcript.words, { offsetMs });
      case 'json':
        return toJson(record);
    }
  })();
  return { fileName, mimeType: kind.mimeType, content };
}
