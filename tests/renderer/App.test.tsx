import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeApi } from '../../core/bridge/contract';
import { App } from '../../renderer/src/App';
import { setBridge, socketUrlFor } from '../../renderer/src/bridge';
import { createAppStore } from '../../renderer/src/store';

function fakeHost(overrides: Partial<BridgeApi> = {}): BridgeApi {
  return {
    ping: async ({ message }) => ({ message, receivedAt: '2026-01-01T00:00:00.000Z' }),
    hostInfo: async () => ({ kind: 'browser', version: '0.1.0', platform: 'linux' }),
    listScenarios: async () => ({
      scenarios: [
        {
          id: 'a',
          version: 1,
          title: 'Incident A',
          track: 'incident',
          summary: 'Tell it.',
          slotSeconds: 600,
        },
        { id: 'b', version: 2, title: 'Design B', track: 'design', summary: '', slotSeconds: 65 },
      ],
      problems: [
        { file: 'scenarios/bad.yaml', field: 'slotSeconds', line: 4, message: 'expected number' },
      ],
    }),
    getScenario: async () => {
      throw new Error('unused');
    },
    scoreTranscript: async () => {
      throw new Error('unused');
    },
    ...overrides,
  } as BridgeApi;
}

/** Every event the app subscribes to (`onX`) answers with an unsubscribe that does nothing. */
function withQuietEvents(api: BridgeApi): BridgeApi {
  return new Proxy(api, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (value === undefined && typeof name === 'string' && name.startsWith('on')) {
        return () => () => {};
      }
      return value;
    },
  });
}

afterEach(() => {
  cleanup();
  setBridge(null);
});

describe('the app shell', () => {
  it('shows the host, every scenario with its track and slot, and the broken file', async () => {
    setBridge(withQuietEvents(fakeHost()));
    let t = 100;
    const store = createAppStore(() => (t += 4));
    await act(async () => {
      render(<App store={store} />);
    });
    const status = await screen.findByText('Browser host · v0.1.0');
    expect(status.getAttribute('data-round-trip-ms')).toBe('4');
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.querySelector('.scenario-title')?.textContent)).toEqual([
      'Incident A',
      'Design B',
    ]);
    expect(options[1]!.querySelector('.slot')?.textContent).toBe('1:05');
    expect(options[1]!.querySelector('.track')?.textContent).toBe('Design');
    expect(screen.getByRole('alert').textContent).toContain('scenarios/bad.yaml:4');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');

    fireEvent.click(options[1]!);
    expect(store.getState().scenarios.selectedId).toBe('b');
  });

  it('says the host is unreachable when the round trip fails', async () => {
    setBridge(
      withQuietEvents(
        fakeHost({
          ping: async () => {
            throw new Error('cannot reach the Mock Interviewer host; is it running?');
          },
          listScenarios: async () => {
            throw new Error('the connection to the host closed; reload the page');
          },
        }),
      ),
    );
    await act(async () => {
      render(<App store={createAppStore()} />);
    });
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      'Host unreachable: cannot reach the Mock Interviewer host; is it running?',
      'Could not load scenarios: the connection to the host closed; reload the page',
    ]);
  });
});

describe('socketUrlFor', () => {
  it.each([
    [
      { protocol: 'http:', host: '127.0.0.1:4000', search: '?token=abc' },
      'ws://127.0.0.1:4000/bridge?token=abc',
    ],
    [
      { protocol: 'https:', host: 'h:1', search: '?x=1&token=a%2Fb' },
      'wss://h:1/bridge?token=a%2Fb',
    ],
    [{ protocol: 'http:', host: 'h:1', search: '' }, 'ws://h:1/bridge?token='],
  ])('%j -> %s', (location, url) => {
    expect(socketUrlFor(location)).toBe(url);
  });
});
