import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wavHeader } from '../../../core/audio/wav';
import { PipelineError, analyzeRecording } from '../../../services/pipeline';

const dir = mkdtempSync(join(tmpdir(), 'mi-rate-'));

describe('analyze on a WAV claiming an absurd sample rate', () => {
  it.each([4_294_967_295, 1])(
    'refuses a 3 KB file claiming %i Hz at once, naming the limit',
    async (rate) => {
      const file = join(dir, `claims-${rate}.wav`);
      writeFileSync(file, Buffer.concat([wavHeader(3000, rate, 1, 16), Buffer.alloc(3000)]));
      const error = await analyzeRecording(file, { transcribe: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect((error as PipelineError).code).toBe('bad-audio');
      expect((error as Error).message).toBe(
        `cannot use ${file}: cannot read WAV: a sample rate of ${rate} Hz is outside the accepted 8000-192000 Hz (sample rate limit); convert the audio to 16 kHz or 48 kHz`,
      );
    },
  );
});
