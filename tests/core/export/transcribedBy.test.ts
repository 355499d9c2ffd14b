import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../core/export';
import { parseSessionRecord } from '../../../core/sessions/record';
import { fixtureRecord } from './fixture';

function take(engine: string, model: string | null) {
  const record = fixtureRecord();
  record.transcript = { ...record.transcript, engine, model };
  return record;
}

describe('exports say who transcribed the take', () => {
  it.each([
    ['whisper', 'ggml-tiny.en.bin', 'Whisper (tiny.en)'],
    ['pocketsphinx', null, 'pocketsphinx: its words, and so the scores, are unreliable'],
  ])('%s with %s reads "%s"', (engine, model, said) => {
    const record = take(engine, model);
    expect(exportSession(record, 'markdown').content).toContain(`\n- Transcribed by: ${said}\n`);
    expect(exportSession(record, 'html').content).toContain(
      `<p class="meta">Transcribed by ${said}</p>`,
    );
    const json = JSON.parse(exportSession(record, 'json').content) as {
      transcript: { engine: string; model: string | null };
    };
    expect([json.transcript.engine, json.transcript.model]).toEqual([engine, model]);
  });
});

describe('the model of a saved take', () => {
  it('reads as null for a take saved before it was recorded, and as written otherwise', () => {
    const older = take('whisper', null) as unknown as { transcript: Record<string, unknown> };
    delete older.transcript.model;
    const parsedOlder = parseSessionRecord(JSON.stringify(older));
    const parsedNewer = parseSessionRecord(JSON.stringify(take('whisper', 'ggml-base.en.bin')));
    expect(parsedOlder.ok && parsedOlder.record.transcript.model).toBe(null);
    expect(parsedNewer.ok && parsedNewer.record.transcript.model).toBe('ggml-base.en.bin');
  });
});
