import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import { UserFacingError, dispatch } from '../../../hosts/bridge/dispatcher';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = () => {
    throw new Error('not used in this test');
  };
  return {
    ping: ({ message }) => ({ message, receivedAt: '2026-01-01T00:00:00.000Z' }),
    hostInfo: () => ({ kind: 'browser', version: '1.2.3', platform: 'linux' }),
    listScenarios: fail,
    getScenario: fail,
    scoreTranscript: fail,
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  it('runs a valid call and wraps its value', async () => {
    expect(await dispatch(handlers(), 'ping', { message: 'hi' })).toEqual({
      ok: true,
      value: { message: 'hi', receivedAt: '2026-01-01T00:00:00.000Z' },
    });
  });

  it.each([
    ['a name outside the contract', 'readFile', 'unknown call "readFile"'],
    ['a prototype key', 'constructor', 'unknown call "constructor"'],
    ['a prototype key', '__proto__', 'unknown call "__proto__"'],
    ['a number', 42, 'unknown call number'],
    ['nothing', undefined, 'unknown call undefined'],
  ])('refuses %s', async (_label, name, error) => {
    const result = await dispatch(handlers(), name, {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  it.each([
    ['a missing field', 'ping', {}, 'ping: message: '],
    ['a wrong type', 'ping', { message: 5 }, 'ping: message: '],
    ['an extra field', 'ping', { message: 'x', path: '/etc/passwd' }, 'ping: (input): '],
    ['a payload that is not an object', 'hostInfo', 'rm -rf /', 'hostInfo: (input): '],
    [
      'a bad nested word',
      'scoreTranscript',
      { words: [{ text: 'a', startMs: -1, endMs: 2 }] },
      'scoreTranscript: words.0.startMs: ',
    ],
    [
      'a scenario id with a path in it',
      'getScenario',
      { id: '../../etc/passwd' },
      'getScenario: id: ',
    ],
    ['neither text nor words', 'scoreTranscript', {}, 'scoreTranscript: text: give text or words'],
  ])('names the field for %s and never runs the handler', async (_label, name, payload, error) => {
    const spy = vi.fn();
    const h = handlers({ ping: spy, hostInfo: spy, scoreTranscript: spy, getScenario: spy });
    const result = await dispatch(h, name, payload);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.startsWith(error)).toBe(true);
    expect(spy).not.toHaveBeenCalled();
  });

  it('passes a user-facing error through and hides an internal one', async () => {
    const sink = vi.fn();
    const h = handlers({
      ping: () => {
        throw new UserFacingError('the microphone is busy; close other recorders');
      },
      hostInfo: () => {
        throw new Error('EACCES /home/secret/file');
      },
    });
    expect(await dispatch(h, 'ping', { message: 'x' }, sink)).toEqual({
      ok: false,
      error: 'the microphone is busy; close other recorders',
    });
    const hidden = await dispatch(h, 'hostInfo', {}, sink);
    expect(hidden).toEqual({
      ok: false,
      error:
        "hostInfo failed inside the host; try again, and restart the app if it keeps failing (details are in the host's log)",
    });
    expect(sink).toHaveBeenCalledTimes(1);
    expect(sink.mock.calls[0]![0]).toBe('hostInfo');
  });
});
