import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatTime } from './schedule';

export interface WaveformProps {
  /** Peaks 0..1 (the track's `waveform`); empty draws a flat line. */
  peaks: number[];
  /** Song position and length, ms. */
  positionMs: number;
  durationMs: number;
  /** Called with the fraction 0..1 of the song to jump to. */
  onSeek(fraction: number): void;
  /** Accessible name, e.g. "Seek in <title>". */
  label: string;
  /** Bars drawn (peaks are resampled to this many). */
  bars?: number;
  className?: string;
  disabled?: boolean;
}

/** How far the arrow keys move (ms). */
const KEY_STEP_MS = 5000;

/** Resamples peaks to `bars` values by taking the highest peak of each bar's span. */
export function barsOf(peaks: number[], bars: number): number[] {
  if (peaks.length === 0) return Array.from({ length: bars }, () => 0);
  const out: number[] = [];
  for (let i = 0; i < bars; i++) {
    const from = Math.floor((i * peaks.length) / bars);
    const to = Math.max(from + 1, Math.floor(((i + 1) * peaks.length) / bars));
    let max = 0;
    for (let j = from; j < to && j < peaks.length; j++) max = Math.max(max, peaks[j]);
    out.push(Math.max(0, Math.min(1, max)));
  }
  return out;
}

/**
 * A waveform you click (or tap, or use with the arrow keys) to seek: a slider for assistive technology. Drawn with
 * SVG attributes only, so it works under a CSP without inline styles.
 */
export function Waveform({ peaks, positionMs, durationMs, onSeek, label, bars = 120, className, disabled }: WaveformProps) {
  const ref = useRef<HTMLDivElement>(null);
  // At most one bar per 4 px, so a narrow waveform (a phone's player bar) stays readable.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 0));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const count = width > 0 ? Math.max(16, Math.min(bars, Math.floor(width / 4))) : bars;
  const heights = useMemo(() => barsOf(peaks, count), [peaks, count]);
  const progress = durationMs > 0 ? Math.max(0, Math.min(1, positionMs / durationMs)) : 0;
  const played = Math.round(progress * count);

  const seekTo = useCallback(
    (fraction: number) => {
      if (!disabled) onSeek(Math.max(0, Math.min(1, fraction)));
    },
    [onSeek, disabled],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return;
    seekTo((e.clientX - box.left) / box.width);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (durationMs <= 0) return;
    let target: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') target = positionMs + KEY_STEP_MS;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') target = positionMs - KEY_STEP_MS;
    else if (e.key === 'PageUp') target = positionMs + 6 * KEY_STEP_MS;
    else if (e.key === 'PageDown') target = positionMs - 6 * KEY_STEP_MS;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = durationMs - 1000;
    if (target === null) return;
    e.preventDefault();
    e.stopPropagation();
    seekTo(Math.max(0, target) / durationMs);
  };

  return (
    <div
      ref={ref}
      className={['waveform', className].filter(Boolean).join(' ')}
      role="slider"
      tabIndex={disabled ? -1 : 0}
      aria-label={label}
      aria-disabled={disabled || undefined}
      aria-valuemin={0}
      aria-valuemax={Math.round(durationMs / 1000)}
      aria-valuenow={Math.round(positionMs / 1000)}
      aria-valuetext={`${formatTime(positionMs / 1000)} of ${formatTime(durationMs / 1000)}`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="waveform"
    >
      <svg viewBox={`0 0 ${count * 3} 40`} preserveAspectRatio="none" width="100%" height="100%" aria-hidden="true" focusable="false">
        {heights.map((h, i) => {
          const height = Math.max(1.5, h * 38);
          return (
            <rect
              key={i}
              x={i * 3}
              y={20 - height / 2}
              width={2}
              height={height}
              className={i < played ? 'waveform-bar waveform-bar-played' : 'waveform-bar'}
            />
          );
        })}
      </svg>
    </div>
  );
}
