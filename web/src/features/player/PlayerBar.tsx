import { useEffect, useState } from 'react';
import { getSession, subscribe } from '@/lib/auth/session';
import { player, usePlayer } from './player';
import { formatTime } from './schedule';
import { Waveform } from './Waveform';
import './player.css';

/** Keys typed here belong to the field, not to the player. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return (
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    tag === 'BUTTON' ||
    tag === 'A' ||
    target.isContentEditable ||
    target.getAttribute('role') === 'slider'
  );
}

const STATUS_TEXT: Record<string, string> = {
  connecting: 'Connecting…',
  buffering: 'Buffering…',
  playing: 'Playing',
  paused: 'Paused',
  ended: 'Finished',
  idle: '',
  error: '',
};

/** The player bar: lives in the app layout, outside the routes, so music keeps playing across pages. */
export function PlayerBar() {
  const p = usePlayer();
  const [queueOpen, setQueueOpen] = useState(false);
  const { toggle } = p;
  // In a listening room a guest's bar shows the room's song but steers nothing (the host's steers everyone).
  const readOnly = p.room?.readOnly ?? false;

  useEffect(() => {
    // The socket's handshake is the slowest part of a first play: do it before the listener presses play, when the
    // page has settled, and again on a touch or click if it has closed since.
    const warm = () => player.warmUp();
    const timer = setTimeout(warm, 300);
    document.addEventListener('pointerdown', warm, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      document.removeEventListener('pointerdown', warm, { capture: true });
    };
  }, []);

  useEffect(() => {
    // Logging out ends the listening too: the socket was opened with that user's token, the queue is theirs.
    let was = getSession().status;
    return subscribe(() => {
      const now = getSession().status;
      if (was === 'signed-in' && now === 'signed-out') player.reset();
      was = now;
    });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' && e.key !== ' ') return;
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      if (readOnly) return;
      toggle();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [toggle, readOnly]);

  const track = p.track;
  const active = p.status === 'playing' || p.status === 'buffering' || p.status === 'connecting';
  const hasPrevious = p.queue.index > 0 || p.positionMs > 0;
  const hasNext = p.queue.index >= 0 && p.queue.index < p.queue.items.length - 1;
  const waiting = p.status === 'buffering' || p.status === 'connecting';
  const steerNote = readOnly ? ' (the host steers this room)' : '';

  return (
    <section className="player-bar" aria-label="Player" data-status={p.status}>
      <div className="player-now">
        {track?.coverUrl ? <img className="player-cover" src={track.coverUrl} alt="" width={44} height={44} /> : <div className="player-cover player-cover-empty" aria-hidden="true"><svg viewBox="0 0 24 24" focusable="false"><path d="M9 17V6l10-2v11" stroke="currentColor" strokeWidth="2" fill="none" /><circle cx="7" cy="17" r="2.5" /><circle cx="17" cy="15" r="2.5" /></svg></div>}
        <div className="player-meta">
          <div className="player-title" data-testid="player-title">{track ? track.title : 'Nothing playing'}</div>
          <div className="player-artist">{track?.artistName ?? (track ? '' : p.room ? 'Nothing playing in the room' : 'Pick a song to listen')}</div>
          {p.room ? <div className="player-room" data-testid="player-room">Room: {p.room.name}{readOnly ? ' · host steers' : ' · you steer'}</div> : null}
        </div>
      </div>

      <div className="player-controls">
        <button type="button" className="player-button" onClick={p.previous} disabled={!track || !hasPrevious || readOnly} aria-label={`Previous song${steerNote}`}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 5h2v14H6zM20 5v14L9 12z" /></svg>
        </button>
        <button
          type="button"
          className="player-button player-play"
          onClick={p.toggle}
          disabled={!track || readOnly}
          aria-label={`${active ? 'Pause' : 'Play'}${steerNote}`}
          data-testid="player-toggle"
        >
          {active ? (
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 5h4v14H6zM14 5h4v14h-4z" /></svg>
          ) : (
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M7 4v16l13-8z" /></svg>
          )}
        </button>
        <button type="button" className="player-button" onClick={p.next} disabled={!hasNext || readOnly} aria-label={`Next song${steerNote}`}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M16 5h2v14h-2zM4 5v14l11-7z" /></svg>
        </button>
      </div>

      <div className="player-progress">
        <span className="player-time" aria-hidden="true">{formatTime(p.positionMs / 1000)}</span>
        <Waveform
          className="player-waveform"
          peaks={p.waveform}
          positionMs={p.positionMs}
          durationMs={p.durationMs}
          onSeek={(f) => p.seek(f * p.durationMs)}
          label={track ? `Seek in ${track.title}` : 'Seek'}
          bars={80}
          disabled={!track || p.durationMs <= 0 || readOnly}
        />
        <span className="player-time" aria-hidden="true">{formatTime(p.durationMs / 1000)}</span>
      </div>

      <div className="player-side">
        <span className="player-status" role="status" aria-live="polite" data-testid="player-status">
          {p.status === 'error' ? p.error : STATUS_TEXT[p.status]}
          {waiting ? <span className="player-spinner" aria-hidden="true" /> : null}
        </span>
        <button
          type="button"
          className="player-button player-queue-button"
          onClick={() => setQueueOpen((o) => !o)}
          aria-expanded={queueOpen}
          aria-controls="player-queue"
          aria-label={`Queue, ${p.queue.items.length} ${p.queue.items.length === 1 ? 'song' : 'songs'}`}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 6h12v2H4zM4 11h12v2H4zM4 16h8v2H4zM18 14v6l4-3z" /></svg>
          <span className="player-queue-count" aria-hidden="true">{p.queue.items.length}</span>
        </button>
      </div>

      {queueOpen ? (
        <div id="player-queue" className="player-queue">
          <h2 className="player-queue-heading">Queue</h2>
          {p.queue.items.length === 0 ? (
            <p>The queue is empty. Use “Add to queue” on a song.</p>
          ) : (
            <ol>
              {p.queue.items.map((item, i) => (
                <li key={`${item.id}-${i}`} className={i === p.queue.index ? 'player-queue-current' : undefined} aria-current={i === p.queue.index ? 'true' : undefined}>
                  <button type="button" className="player-queue-item" onClick={() => p.jumpTo(i)} aria-label={`Play ${item.title}${item.artistName ? ` by ${item.artistName}` : ''}`}>
                    <span className="player-queue-title">{item.title}</span>
                    {item.artistName ? <span className="player-queue-artist">{item.artistName}</span> : null}
                  </button>
                  <button type="button" className="player-button player-queue-remove" onClick={() => p.removeAt(i)} aria-label={`Remove ${item.title} from the queue`}>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" /></svg>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </section>
  );
}
