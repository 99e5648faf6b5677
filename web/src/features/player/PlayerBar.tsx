// Placeholder: the real player bar (WebSocket streaming, Web Audio) replaces this.
export function PlayerBar() {
  return <div className="player-bar" role="region" aria-label="Player" />;
}
