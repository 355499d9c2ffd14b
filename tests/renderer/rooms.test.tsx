import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeApi } from '../../core/bridge/contract';
import { setBridge } from '../../renderer/src/bridge';
import { LibraryRoom } from '../../renderer/src/rooms/LibraryRoom';
import { ReplayRoom } from '../../renderer/src/rooms/ReplayRoom';
import { createLibraryStore } from '../../renderer/src/state/library';
import { sessionFixture, summaryFixture } from './fixtures';

afterEach(() => {
  cleanup();
  setBridge(null);
  vi.unstubAllGlobals();
});

describe('the replay room', () => {
  // No host here: the waveform's audio cannot be fetched, and the room still works.
  beforeEach(() => vi.stubGlobal('fetch', () => Promise.reject(new Error('offline'))));

  it('seeks the replay to the moment of any evidence, pause, filler or metric it shows', () => {
    const view = { record: sessionFixture(), replayUrl: '/media/sessions/x/replay.wav' };
    render(<ReplayRoom view={view} onClose={() => {}} />);
    const audio = screen.getByTestId('replay-audio') as HTMLAudioElement;
    vi.spyOn(audio, 'play').mockResolvedValue(undefined);

    const stall = screen
      .getAllByTestId('pause-marker')
      .find((m) => m.textContent?.startsWith('Stall'))!;
    expect(stall.textContent).toBe('Stall 3.2 s at 0:08');
    fireEvent.click(stall);
    // Take time 8000 ms plays at 8000 + the 4000 ms opening prompt.
    expect(audio.currentTime).toBe(12);

    fireEvent.click(screen.getAllByTestId('filler-marker')[0]!);
    expect(audio.currentTime).toBe(6);
    fireEvent.click(screen.getAllByTestId('metric')[0]!);
    expect(audio.currentTime).toBe(19);
    fireEvent.click(screen.getAllByTestId('evidence')[0]!);
    expect(audio.currentTime).toBe(4.5);
    fireEvent.click(screen.getAllByTestId('word')[1]!);
    expect(audio.currentTime).toBe(4.7);

    expect(screen.getByTestId('overall').textContent).toBe('55/100');
    expect(screen.getByTestId('next-follow-up').textContent).toBe(
      'What did you change afterwards?',
    );
    expect(screen.queryByTestId('overrun')).toBeNull();
  });

  it('says by how much the answer overran its slot', () => {
    const record = sessionFixture();
    record.timing.overrunMs = 12_000;
    render(<ReplayRoom view={{ record, replayUrl: '/r.wav' }} onClose={() => {}} />);
    expect(screen.getByTestId('overrun').textContent).toBe(' · Over the slot by 0:12');
  });
});

describe('the library', () => {
  function host(deleted: string[]): BridgeApi {
    return {
      listSessions: async () => ({
        sessions: [summaryFixture('s1', '2026-11-01T10:00:00Z', 'incident', { metrics: 2 })].filter(
          (s) => !deleted.includes(s.id),
        ),
        problems: [
          {
            id: 'broken',
            message:
              'saved by a newer version of Mock Interviewer (format 9); update the app to open it',
          },
        ],
      }),
      listInterruptedTakes: async () => ({ takes: [] }),
      deleteSession: async ({ id }: { id: string }) => {
        deleted.push(id);
        return { ok: true };
      },
    } as unknown as BridgeApi;
  }

  it('deletes a take only after confirmation and lists unreadable takes with their reason', async () => {
    const deleted: string[] = [];
    setBridge(host(deleted));
    const library = createLibraryStore();
    await act(async () => {
      render(<LibraryRoom library={library} />);
    });
    expect(screen.getAllByTestId('session-row')).toHaveLength(1);
    expect(screen.getByTestId('session-problem').textContent).toBe(
      'broken saved by a newer version of Mock Interviewer (format 9); update the app to open it',
    );

    fireEvent.click(screen.getByTestId('delete'));
    expect(deleted).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByTestId('confirm-delete'));
    });
    expect(deleted).toEqual(['s1']);
    expect(screen.queryAllByTestId('session-row')).toHaveLength(0);
  });
});
