import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeApi } from '../../core/bridge/contract';
import { setBridge } from '../../renderer/src/bridge';
import { App } from '../../renderer/src/App';
import { LibraryRoom } from '../../renderer/src/rooms/LibraryRoom';
import { ProgressRoom } from '../../renderer/src/rooms/ProgressRoom';
import { ReplayRoom } from '../../renderer/src/rooms/ReplayRoom';
import { createLibraryStore } from '../../renderer/src/state/library';
import { createAppStore } from '../../renderer/src/store';
import { sessionFixture, summaryFixture } from './fixtures';

afterEach(() => {
  cleanup();
  setBridge(null);
  vi.unstubAllGlobals();
});

describe('the replay room', () => {
  // No host here: the waveform's audio cannot be fetched, and the room still works.
  beforeEach(() => vi.stubGlobal('fetch', () => Promise.reject(new Error('offline'))));

  it('seeks the replay to the moment of any evidence, pause, filler, metric or missing item', () => {
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
    const evidence = screen.getAllByTestId('evidence');
    fireEvent.click(evidence.find((e) => e.textContent?.includes('the outage'))!);
    expect(audio.currentTime).toBe(4.5);
    fireEvent.click(screen.getAllByTestId('word')[1]!);
    expect(audio.currentTime).toBe(4.7);
    // "No Evaluation" plays from where the structure evidence ends (4000 ms): where it was due.
    fireEvent.click(screen.getAllByTestId('missing')[0]!);
    expect(audio.currentTime).toBe(8);

    expect(screen.getByTestId('overall').textContent).toBe('55/100');
    expect(screen.getByTestId('verdict').textContent).toBe(
      'Below the bar 2.2 of 4 on the panel’s scale',
    );
    expect(screen.getByTestId('next-follow-up').textContent).toBe(
      'What did you change afterwards?',
    );
    expect(screen.queryByTestId('overrun')).toBeNull();
  });

  it('lights the band of the verdict on the scale, even where the rounded score sits on its edge', () => {
    // 62/100 is 2.48 of 4: below the bar, though it reads as 2.5 once rounded.
    const record = sessionFixture();
    const view = {
      record: { ...record, report: { ...record.report, overall: 62 } },
      replayUrl: '/media/sessions/x/replay.wav',
    };
    const { container } = render(<ReplayRoom view={view} onClose={() => {}} />);
    expect(screen.getByTestId('verdict').textContent).toBe(
      'Below the bar 2.5 of 4 on the panel’s scale',
    );
    expect([...container.querySelectorAll('.scale-band.here')].map((b) => b.textContent)).toEqual([
      'Below',
    ]);
  });

  it('puts red flags and score adjustments first, and a flag’s words play from their moment', () => {
    const record = sessionFixture();
    record.report.redFlags = [
      {
        code: 'blame',
        message: 'Blames another team for the outage',
        evidence: [{ text: 'the network team broke it', startMs: 6000, endMs: 7000 }],
      },
    ];
    record.report.adjustments = [
      { code: 'thin', factor: 0.6, reason: 'Only 3 clauses tell an event' },
    ];
    render(<ReplayRoom view={{ record, replayUrl: '/r.wav' }} onClose={() => {}} />);
    const audio = screen.getByTestId('replay-audio') as HTMLAudioElement;
    vi.spyOn(audio, 'play').mockResolvedValue(undefined);
    const flags = screen.getByTestId('red-flags');
    expect(screen.getByTestId('red-flag').textContent).toBe(
      'Blames another team for the outage▶“the network team broke it”0:06',
    );
    // Before the score in reading order.
    expect(
      flags.compareDocumentPosition(screen.getByTestId('report-top')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByTestId('adjustments').textContent).toBe(
      'Score ×0.60: Only 3 clauses tell an event',
    );
    fireEvent.click(flags.querySelector('button')!);
    expect(audio.currentTime).toBe(10);
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
        unfinished: [],
      }),
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

describe('takes without a report in the library', () => {
  it('lists each with its state and next action, and runs it', async () => {
    const ran: Array<[string, unknown]> = [];
    const unfinished = [
      {
        id: 'take-1',
        createdAt: '2026-11-23T09:00:00.000Z',
        scenarioId: 'incident',
        scenarioTitle: 'Incident story',
        status: 'scoringFailed',
        durationMs: 61_000,
        message:
          'Scoring failed: the disk is full; free some space. The recording is kept: score it again from the library.',
        actions: ['scoreAgain'],
      },
      {
        id: 'take-2',
        createdAt: '2026-11-23T08:00:00.000Z',
        scenarioId: 'incident',
        scenarioTitle: 'Incident story',
        status: 'transcribing',
        durationMs: 30_000,
        actions: ['transcribeAgain'],
      },
    ];
    setBridge({
      listSessions: async () => ({
        sessions: [],
        problems: [],
        unfinished: unfinished.filter(
          (t) => !ran.some(([, i]) => (i as { id: string }).id === t.id),
        ),
      }),
      retranscribeSession: async (input: { id: string }) => {
        ran.push(['retranscribeSession', input]);
        return { record: sessionFixture(), replayUrl: '/r.wav' };
      },
    } as unknown as BridgeApi);
    const library = createLibraryStore();
    await act(async () => {
      render(<LibraryRoom library={library} />);
    });
    const rows = screen.getAllByTestId('unfinished-take');
    expect(rows.map((r) => [r.dataset.takeId, r.dataset.status])).toEqual([
      ['take-1', 'scoringFailed'],
      ['take-2', 'transcribing'],
    ]);
    expect(rows[0]!.textContent).toContain('1:01 recorded · scoring failed');
    expect(rows[0]!.textContent).toContain('the disk is full');
    expect(screen.getByTestId('take-transcribeAgain').textContent).toBe('Transcribe again');
    await act(async () => {
      fireEvent.click(screen.getByTestId('take-scoreAgain'));
    });
    expect(ran).toEqual([['retranscribeSession', { id: 'take-1' }]]);
    expect(library.getState().open?.record.id).toBe(sessionFixture().id);
    expect(screen.getAllByTestId('unfinished-take').map((r) => r.dataset.takeId)).toEqual([
      'take-2',
    ]);
  });
});

describe('the replay room, by keyboard and export', () => {
  beforeEach(() => vi.stubGlobal('fetch', () => Promise.reject(new Error('offline'))));

  function open(notice?: string) {
    const view = { record: sessionFixture(), replayUrl: '/media/sessions/x/replay.wav' };
    render(<ReplayRoom view={view} notice={notice} onClose={() => {}} />);
    const audio = screen.getByTestId('replay-audio') as HTMLAudioElement;
    const play = vi.spyOn(audio, 'play').mockResolvedValue(undefined);
    return { audio, play };
  }

  it('every marker is a button that seeks; the follow-up asked during the take is a marker too', () => {
    const { audio, play } = open();
    const long = screen.getAllByTestId('pause-marker')[0]!;
    expect([long.tagName, long.textContent, long.dataset.startMs]).toEqual([
      'BUTTON',
      'Long pause 1.5 s at 0:04',
      '4000',
    ]);
    fireEvent.click(long);
    expect(audio.currentTime).toBe(8);
    expect(play).toHaveBeenCalledTimes(1);

    const prompts = screen.getAllByTestId('prompt-marker');
    expect(prompts.map((p) => p.textContent)).toEqual([
      'Follow-up: “How long did it last?” at 0:12',
      'Time warning: “Five minutes left.” at 5:00',
    ]);
    fireEvent.click(prompts[0]!);
    expect(audio.currentTime).toBe(16);
    // One stop in the tab order for all the markers.
    expect(
      [...document.querySelectorAll('.wf-marker')].filter(
        (m) => m.getAttribute('tabindex') === '0',
      ),
    ).toHaveLength(1);
  });

  it('N and P jump to the next and previous marker, J goes back five seconds', () => {
    const { audio } = open();
    fireEvent.keyDown(window, { key: 'n' });
    // From the start of the replay (before the take) the first marker is the filler at 2 s.
    expect(audio.currentTime).toBe(6);
    fireEvent.keyDown(window, { key: 'n' });
    expect(audio.currentTime).toBe(8);
    fireEvent.keyDown(window, { key: 'N' });
    expect(audio.currentTime).toBe(12);
    fireEvent.keyDown(window, { key: 'p' });
    expect(audio.currentTime).toBe(8);
    fireEvent.keyDown(window, { key: 'j' });
    expect(audio.currentTime).toBe(3);
  });

  it('Space plays and pauses, the arrow keys step five seconds', () => {
    const { audio, play } = open();
    fireEvent.keyDown(window, { key: ' ' });
    expect(play).toHaveBeenCalledTimes(1);
    audio.currentTime = 10;
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(audio.currentTime).toBe(15);
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    expect(audio.currentTime).toBe(0);
  });

  it('shows every kind of region on the waveform at its take time', () => {
    open();
    const regions = screen.getAllByTestId('region');
    expect(regions.map((r) => [r.dataset.kind, r.dataset.startMs])).toEqual([
      ['part', '500'],
      ['filler', '2000'],
      ['pause', '4000'],
      ['stall', '8000'],
      ['prompt', '12000'],
      ['warning', '300000'],
    ]);
  });

  it('shows how the take ended and a notice from the interview', () => {
    open('The microphone was disconnected; the answer so far is saved.');
    expect(screen.getByTestId('take-end').textContent).toBe('finished by the candidate');
    expect(screen.getByTestId('take-notice').textContent).toBe(
      'The microphone was disconnected; the answer so far is saved.',
    );
    expect(screen.getAllByTestId('missing').map((m) => m.textContent)).toEqual([
      '▶Not heard No Evaluation0:04',
    ]);
  });

  it('exports a format and says where the file was written, with a link to it', async () => {
    const asked: unknown[] = [];
    setBridge({
      exportSession: async (input: unknown) => {
        asked.push(input);
        return {
          path: '/home/me/.mock-interviewer/sessions/x/report.srt',
          url: '/media/sessions/x/report.srt',
          fileName: 'report.srt',
        };
      },
    } as unknown as BridgeApi);
    open();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'SRT' }));
    });
    expect(
      screen
        .getAllByRole('button')
        .filter((b) => b.closest('.export-bar'))
        .map((b) => b.textContent),
    ).toEqual(['HTML report', 'PDF', 'Markdown', 'SRT', 'VTT', 'JSON']);
    expect(asked).toEqual([{ id: sessionFixture().id, format: 'srt' }]);
    const result = screen.getByTestId('export-result');
    expect(result.textContent).toBe(
      'Saved to /home/me/.mock-interviewer/sessions/x/report.srt · open',
    );
    expect(result.querySelector('a')!.getAttribute('href')).toBe('/media/sessions/x/report.srt');
  });
});

describe('the library, more', () => {
  it('lists a damaged take with its message and keeps the rest of the list; Keep cancels a delete', async () => {
    const deleted: string[] = [];
    setBridge({
      listSessions: async () => ({
        sessions: [
          summaryFixture('s1', '2026-11-01T10:00:00Z', 'incident', {}),
          summaryFixture('s2', '2026-11-02T10:00:00Z', 'incident', {}),
        ],
        problems: [{ id: 'bad', message: 'session.json is not valid JSON (the file is damaged)' }],
        unfinished: [],
      }),
      deleteSession: async ({ id }: { id: string }) => {
        deleted.push(id);
        return { ok: true };
      },
    } as unknown as BridgeApi);
    await act(async () => {
      render(<LibraryRoom library={createLibraryStore()} />);
    });
    expect(screen.getAllByTestId('session-row').map((r) => r.dataset.sessionId)).toEqual([
      's1',
      's2',
    ]);
    expect(screen.getByTestId('session-problem').textContent).toBe(
      'bad session.json is not valid JSON (the file is damaged)',
    );
    fireEvent.click(screen.getAllByTestId('delete')[1]!);
    fireEvent.click(screen.getByTestId('cancel-delete'));
    expect(screen.queryByTestId('confirm-delete')).toBeNull();
    expect(deleted).toEqual([]);
    expect(screen.getAllByTestId('session-row')).toHaveLength(2);
  });
});

describe('the progress room', () => {
  it('opens on the scenario practised last, plots each criterion on its own, and compares newer minus older', async () => {
    const a = summaryFixture('a', '2026-11-01T10:00:00Z', 'inc', { metrics: 1, structure: 2 });
    const b = summaryFixture('b', '2026-11-02T10:00:00Z', 'inc', { metrics: 3, structure: 2 });
    const c = summaryFixture('c', '2026-10-03T10:00:00Z', 'other', { metrics: 4 });
    b.overall = 46;
    setBridge({
      listSessions: async () => ({ sessions: [b, a, c], problems: [], unfinished: [] }),
    } as unknown as BridgeApi);
    await act(async () => {
      render(<ProgressRoom library={createLibraryStore()} />);
    });
    expect((screen.getByTestId('progress-scenario') as HTMLSelectElement).value).toBe('inc');
    expect(
      screen.getAllByTestId('overall-point').map((p) => [p.dataset.sessionId, p.dataset.overall]),
    ).toEqual([
      ['a', '50'],
      ['b', '46'],
    ]);
    // Equal scores sit in charts of their own, so neither line hides the other.
    const charts = screen.getAllByTestId('series');
    expect(charts.map((c) => c.dataset.criterion)).toEqual(['structure', 'metrics']);
    expect(
      [...charts[1]!.querySelectorAll('[data-testid="chart-point"]')].map((p) =>
        p.getAttribute('data-score'),
      ),
    ).toEqual(['1', '3']);
    expect(charts[1]!.querySelector('figcaption')!.textContent).toBe('Numbers as anchors3/4 ▲ +2');

    // Picked newer first: the change is still newer minus older, each with its sign.
    fireEvent.change(screen.getByTestId('compare-0'), { target: { value: 'b' } });
    fireEvent.change(screen.getByTestId('compare-1'), { target: { value: 'a' } });
    const rows = [...screen.getByTestId('compare').querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['STAR-E structure', '2/4', '2/4', '■ ±0'],
      ['Numbers as anchors', '1/4', '3/4', '▲ +2'],
      ['Overall', '50', '46', '▼ −4'],
    ]);
  });
});

describe('interrupted takes at start-up', () => {
  it('offers Recover and score for each, and opens the recovered report', async () => {
    const recovered: string[] = [];
    const record = { ...sessionFixture(), id: 'take-9', end: 'recovered' as const };
    setBridge({
      ping: async ({ message }: { message: string }) => ({ message, receivedAt: '' }),
      hostInfo: async () => ({ kind: 'browser', version: '0.1.0', platform: 'linux' }),
      listScenarios: async () => ({ scenarios: [], problems: [] }),
      listSessions: async () => ({
        sessions: [],
        problems: [],
        unfinished: recovered.length
          ? []
          : [
              {
                id: 'take-9',
                createdAt: '2026-11-23T09:00:00.000Z',
                scenarioId: 'incident',
                scenarioTitle: 'Incident',
                status: 'recording',
                durationMs: 95_000,
                actions: ['recover'],
              },
            ],
      }),
      recoverTake: async ({ takeId }: { takeId: string }) => {
        recovered.push(takeId);
        return { record, replayUrl: '/media/sessions/take-9/replay.wav' };
      },
      onNotice: () => () => {},
      onModelProgress: () => () => {},
    } as unknown as BridgeApi);
    vi.stubGlobal('fetch', () => Promise.reject(new Error('offline')));
    await act(async () => {
      render(<App store={createAppStore()} />);
    });
    const banner = screen.getByTestId('interrupted-banner');
    expect(banner.textContent).toContain('1:35 recorded');
    await act(async () => {
      fireEvent.click(screen.getByTestId('recover-take'));
    });
    expect(recovered).toEqual(['take-9']);
    expect(screen.getByTestId('replay-room')).toBeTruthy();
    expect(screen.getByTestId('take-end').textContent).toBe('recovered after an interruption');
    expect(screen.queryByTestId('interrupted-banner')).toBeNull();
  });
});
