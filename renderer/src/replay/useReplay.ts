import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { Marker } from './markers';
import { nextMarker, previousMarker } from './markers';

/** How far "back" steps, ms. */
export const BACK_STEP_MS = 5000;

/** The replay's state and the actions every control shares. Times are take ms. */
export interface Replay {
  positionMs: number;
  playing: boolean;
  /** Plays from a take time. */
  seek(takeMs: number): void;
  toggle(): void;
  /** Steps back `BACK_STEP_MS` (or forward with a negative step). */
  step(deltaMs: number): void;
  /** Plays from the next (or previous) marker; returns its index, or -1 when there is none. */
  jump(direction: 1 | -1): number;
}

/**
 * Drives the `<audio>` of a take: the playhead in take ms (the replay starts with the opening
 * prompt, `offsetMs` long), play and pause, seeking, and jumps between markers. Nothing here
 * scrolls the page.
 */
export function useReplay(
  offsetMs: number,
  markers: readonly Marker[],
): [RefObject<HTMLAudioElement | null>, Replay] {
  const audio = useRef<HTMLAudioElement>(null);
  const [positionMs, setPositionMs] = useState(-offsetMs);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      setPositionMs(Math.round(el.currentTime * 1000) - offsetMs);
      if (!el.paused) frame = requestAnimationFrame(update);
    };
    const onPlay = () => {
      setPlaying(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    const onPause = () => {
      setPlaying(false);
      update();
    };
    el.addEventListener('play', onPlay);
    el.addEventListener('pause', onPause);
    el.addEventListener('ended', onPause);
    el.addEventListener('timeupdate', update);
    el.addEventListener('seeked', update);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('play', onPlay);
      el.removeEventListener('pause', onPause);
      el.removeEventListener('ended', onPause);
      el.removeEventListener('timeupdate', update);
      el.removeEventListener('seeked', update);
    };
  }, [offsetMs]);

  const seek = useCallback(
    (takeMs: number) => {
      const el = audio.current;
      if (!el) return;
      el.currentTime = Math.max(0, (takeMs + offsetMs) / 1000);
      setPositionMs(Math.round(takeMs));
      void el.play()?.catch(() => {});
    },
    [offsetMs],
  );

  const toggle = useCallback(() => {
    const el = audio.current;
    if (!el) return;
    if (el.paused) void el.play()?.catch(() => {});
    else el.pause();
  }, []);

  const step = useCallback((deltaMs: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = Math.max(0, el.currentTime + deltaMs / 1000);
  }, []);

  const jump = useCallback(
    (direction: 1 | -1) => {
      const el = audio.current;
      if (!el) return -1;
      const at = Math.round(el.currentTime * 1000) - offsetMs;
      const i = direction === 1 ? nextMarker(markers, at) : previousMarker(markers, at);
      if (i >= 0) seek(markers[i]!.startMs);
      return i;
    },
    [markers, seek, offsetMs],
  );

  return [audio, { positionMs, playing, seek, toggle, step, jump }];
}

/** The single keys of the replay: what each does, for the shortcuts line and the handler. */
export const REPLAY_KEYS = {
  toggle: [' ', 'k'],
  back: ['j', 'ArrowLeft'],
  forward: ['l', 'ArrowRight'],
  next: ['n', ']'],
  previous: ['p', '['],
} as const;

function isKey(list: readonly string[], key: string): boolean {
  return list.includes(key.length === 1 ? key.toLowerCase() : key);
}

/**
 * Window-wide single keys while the report is open: Space or K plays and pauses, J or Left goes
 * back 5 s, L or Right forward 5 s, N or ] to the next marker, P or [ to the previous one.
 * Keys typed into a field are left alone, and Space or Enter on a button keeps pressing it.
 */
export function useReplayKeys(
  { toggle, step, jump }: Pick<Replay, 'toggle' | 'step' | 'jump'>,
  onJump?: (index: number) => void,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('input, select, textarea, [contenteditable="true"]')) return;
      const onControl = target?.closest('button, a, summary, [role="button"]');
      if (isKey(REPLAY_KEYS.toggle, e.key)) {
        if (onControl && e.key === ' ') return;
        toggle();
      } else if (isKey(REPLAY_KEYS.back, e.key)) {
        step(-BACK_STEP_MS);
      } else if (isKey(REPLAY_KEYS.forward, e.key)) {
        step(BACK_STEP_MS);
      } else if (isKey(REPLAY_KEYS.next, e.key)) {
        onJump?.(jump(1));
      } else if (isKey(REPLAY_KEYS.previous, e.key)) {
        onJump?.(jump(-1));
      } else {
        return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, step, jump, onJump]);
}
