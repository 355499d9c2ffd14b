import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SESSION_EXPORT_FORMATS } from '../../core/bridge/contract';
import { exportBaseName, exportSession } from '../../core/export';
import type { SessionRecord } from '../../core/sessions/record';
import { writeFileAtomic } from '../sessions/store';
import { reportPdf } from './pdf';

/** A format a saved take can be written to (the text formats and the PDF). */
export type SessionExportFormat = (typeof SESSION_EXPORT_FORMATS)[number];

/**
 * Replays up to this size (about 25 minutes of 16 kHz mono audio) are embedded in the HTML page,
 * so it plays wherever it is opened; a longer one stays beside the page.
 */
export const MAX_EMBEDDED_AUDIO_BYTES = 48 * 1024 * 1024;

async function embeddedAudio(folder: string, record: SessionRecord): Promise<string | undefined> {
  const path = join(folder, record.audio.replay);
  // Only the take's own replay: never a link planted in its place.
  const info = await lstat(path).catch(() => null);
  if (!info?.isFile() || info.size > MAX_EMBEDDED_AUDIO_BYTES) return undefined;
  return `data:audio/wav;base64,${(await readFile(path)).toString('base64')}`;
}

/**
 * Writes the take's export in `format` into its session folder, beside its replay audio, and
 * returns the file's path and name. The HTML page embeds the replay when it is at most
 * {@link MAX_EMBEDDED_AUDIO_BYTES} (else it plays the file beside it); the PDF is drawn here.
 */
export async function writeSessionExport(
  folder: string,
  record: SessionRecord,
  format: SessionExportFormat,
): Promise<{ path: string; fileName: string }> {
  if (format === 'pdf') {
    const fileName = `${exportBaseName(record)}.pdf`;
    const path = join(folder, fileName);
    await writeFileAtomic(path, await reportPdf(record));
    return { path, fileName };
  }
  const audioDataUri = format === 'html' ? await embeddedAudio(folder, record) : undefined;
  const file = exportSession(record, format, { audioDataUri });
  const path = join(folder, file.fileName);
  await writeFileAtomic(path, file.content);
  return { path, fileName: file.fileName };
}
