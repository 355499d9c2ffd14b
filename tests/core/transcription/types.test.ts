import { describe, expect, it } from 'vitest';
import {
  TranscriptionError,
  badAudioError,
  cancelledError,
  crashedError,
  engineMissingError,
  modelMissingError,
  timeoutError,
} from '../../../core/transcription/types';

describe('transcription errors say what to do', () => {
  it.each([
    [
      modelMissingError('/m/ggml-base.en.bin'),
      'model-missing',
      'No Whisper model at /m/ggml-base.en.bin. Get one with `mock-interviewer models download tiny.en`',
    ],
    [
      engineMissingError('pocketsphinx is not installed.', 'Install it with `x`.'),
      'engine-missing',
      'pocketsphinx is not installed. Install it with `x`.',
    ],
    [cancelledError('whisper'), 'cancelled', 'Transcription with whisper was cancelled.'],
    [
      crashedError('whisper', 'signal SIGSEGV'),
      'crashed',
      'The whisper engine stopped unexpectedly (signal SIGSEGV); the app itself is fine. Try again, try another model, or use `--engine pocketsphinx`.',
    ],
    [crashedError('pocketsphinx', 'exit code 1'), 'crashed', 'or use `--engine whisper`'],
    [
      timeoutError('whisper', 90500),
      'timeout',
      'took longer than 91 s and was stopped. Try a smaller model (tiny.en)',
    ],
    [
      badAudioError('The audio is empty.'),
      'bad-audio',
      'The audio is empty. Record again, or give a WAV file',
    ],
  ] as const)('%s', (error, code, text) => {
    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
  });
});
