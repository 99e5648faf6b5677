// What the player does when its socket closes: docs/streaming-close-codes.md is the table this follows. The gateway
// ends a socket with 1012 (or 1011) and a reason when streaming-service goes away mid-song; a player that resumes by
// itself keeps playing what it has buffered and reconnects with backoff, then asks from the next segment it lacks.

export type CloseAction =
  /** Reconnect with backoff (jittered, from 250 ms up to 10 s) and resume the play from the next missing segment. */
  | { kind: 'reconnect'; firstAttempt: number }
  /** The token was refused or expired: fetch a fresh one, then reconnect as above. */
  | { kind: 'refresh-token' }
  /** Reconnecting would not help: stop and tell the listener. */
  | { kind: 'give-up'; code: string; message: string };

/** Application close codes of streaming-service. */
export const TOO_MANY_CONNECTIONS = 4429;
export const UNAUTHORIZED = 4401;

/**
 * The action for a close with `code`. `opened` says whether the socket had opened (a handshake the gateway or the
 * service refused, a 401 or a 503, shows up as a close without it, mostly as 1006).
 */
export function closeAction(code: number, opened: boolean): CloseAction {
  if (!opened) return { kind: 'refresh-token' };
  switch (code) {
    case TOO_MANY_CONNECTIONS:
      return {
        kind: 'give-up',
        code: 'too-many-connections',
        message: 'Too many players are open for this account: close one and press play.',
      };
    case UNAUTHORIZED:
    case 1008: // policy violation: what a server says about a token it no longer accepts
      return { kind: 'refresh-token' };
    case 1013: // try again later: the server is overloaded, start the backoff further along (2 s)
      return { kind: 'reconnect', firstAttempt: 3 };
    case 1002: // protocol error
    case 1003: // unsupported data
    case 1007: // invalid payload
    case 1009: // message too big
    case 1010: // a required extension
      return {
        kind: 'give-up',
        code: 'protocol-error',
        message: 'The player and the server do not understand each other: reload the page.',
      };
    default:
      // 1000 and 1001 (the server ended the socket), 1005 (no code), 1006 (the connection dropped), 1011 (the
      // gateway lost the service or the service failed), 1012 (the service is restarting), 1014, and any other.
      return { kind: 'reconnect', firstAttempt: 0 };
  }
}
