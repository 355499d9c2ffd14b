import type {
  BridgeApi,
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
} from '../../core/bridge/contract';
import { CALL_NAMES, EVENT_NAMES } from '../../core/bridge/contract';
import { bytesField, decodeWire, encodeBinaryRequest, encodeWire } from '../../core/bridge/wire';

/**
 * The renderer's only door to its host. In Electron the preload exposes the contract as
 * `window.mockInterviewer`; in the browser host the same contract runs over a WebSocket to
 * 127.0.0.1 with the page's token. Everything else in the renderer imports `bridge` from here
 * and cannot tell the two apart.
 */

declare global {
  interface Window {
    mockInterviewer?: BridgeApi;
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The contract over a WebSocket at `socketUrl`; reconnects lazily after a drop. */
export function createSocketBridge(socketUrl: string): BridgeApi {
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const failAll = (message: string) => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(socketUrl);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () =>
        reject(new Error('cannot reach the Mock Interviewer host; is it running?'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        failAll('the connection to the host closed; reload the page');
      };
      ws.onmessage = (message) => {
        const data = decodeWire(String(message.data)) as {
          id?: number;
          ok?: boolean;
          value?: unknown;
          error?: string;
          event?: string;
          payload?: unknown;
        };
        if (typeof data.event === 'string') {
          for (const l of listeners.get(data.event) ?? []) l(data.payload);
          return;
        }
        const entry = data.id === undefined ? undefined : pending.get(data.id);
        if (!entry) return;
        pending.delete(data.id!);
        if (data.ok) entry.resolve(data.value);
        else entry.reject(new Error(data.error ?? 'the host refused the call'));
      };
    });
    opened.catch(() => {
      opened = null;
    });
    return opened;
  };

  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (input: unknown) => {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // A call that carries bytes (an audio chunk) goes as one binary frame, not as text.
        const field = bytesField(input);
        const request = { id, call: name, input };
        ws.send(field ? encodeBinaryRequest(request, field) : encodeWire(request));
      });
    };
  }
  for (const name of EVENT_NAMES) {
    api[name] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      void connect().catch(() => {});
      return () => set.delete(listener);
    };
  }
  return api as BridgeApi;
}

/** The socket URL for the page at `location`, carrying its token. */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/bridge?token=${encodeURIComponent(token)}`;
}

function resolveBridge(): BridgeApi {
  if (typeof window !== 'undefined' && window.mockInterviewer) return window.mockInterviewer;
  return createSocketBridge(socketUrlFor(window.location));
}

let current: BridgeApi | null = null;

/** The bridge for this page, created on first use. */
export function bridge(): BridgeApi {
  current ??= resolveBridge();
  return current;
}

/** Replaces the bridge (renderer tests use an in-memory host). */
export function setBridge(api: BridgeApi | null): void {
  current = api;
}

/** Calls `name` on the host. */
export function callHost<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const fn = bridge()[name] as (input: CallInput<N>) => Promise<CallOutput<N>>;
  return fn(input);
}

/** Subscribes to a host event; returns the unsubscribe function. */
export function onHostEvent<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  const subscribe = bridge()[name] as (l: (payload: EventPayload<E>) => void) => () => void;
  return subscribe(listener);
}
