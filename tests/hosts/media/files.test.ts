import { describe, expect, it } from 'vitest';
import { HTML_CSP } from '../../../core/export/html';
import { fileAnswer } from '../../../hosts/media/files';

const PAGE = "default-src 'self'";

describe('fileAnswer', () => {
  it.each([
    [undefined, 200, null, '10'],
    ['bytes=2-5', 206, 'bytes 2-5/10', '4'],
    ['bytes=7-', 206, 'bytes 7-9/10', '3'],
  ])('answers range %s with %i', (range, status, contentRange, length) => {
    const answer = fileAnswer('/data/sessions/t/replay.wav', 10, range, {
      isMedia: true,
      pagePolicy: PAGE,
    });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-range'] ?? null).toBe(contentRange);
    expect(answer.headers['content-length']).toBe(length);
    expect(answer.headers['content-type']).toBe('audio/wav');
  });

  it('refuses a range past the end with 416 and the size', () => {
    const answer = fileAnswer('/data/sessions/t/replay.wav', 10, 'bytes=20-30', {
      isMedia: true,
      pagePolicy: PAGE,
    });
    expect(answer).toEqual({
      status: 416,
      headers: { 'content-range': 'bytes */10' },
      range: null,
    });
  });

  it.each([
    ['/data/sessions/t/report.html', true, HTML_CSP],
    ['/app/index.html', false, PAGE],
    ['/data/sessions/t/replay.wav', true, PAGE],
  ])('gives %s (media %s) its policy', (file, isMedia, policy) => {
    const answer = fileAnswer(file, 10, undefined, { isMedia, pagePolicy: PAGE });
    expect(answer.headers['content-security-policy']).toBe(policy);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
