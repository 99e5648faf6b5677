// Credit flow control (docs/streaming.md): the server never sends more segments than granted. The client keeps
// `target` segments between what it holds (received, not yet played out) and what it was promised (granted, not yet
// received), so a few segments are always ahead and nothing is fetched that would be wasted.

/** The most credit the server lets a client hold (streaming-service `ws.max-credit`). */
export const SERVER_MAX_CREDIT = 16;

export class CreditLedger {
  /** Granted and not yet received, on this socket (the server's own count, as far as we know it). */
  private outstandingCount = 0;
  /** Received for the current play and not yet played out (decoding, scheduled, or playing). */
  private heldCount = 0;

  constructor(
    readonly target: number,
    readonly max: number = SERVER_MAX_CREDIT,
  ) {
    if (target < 1 || target > max) throw new Error(`target must be in 1..${max}`);
  }

  get outstanding(): number {
    return this.outstandingCount;
  }

  get held(): number {
    return this.heldCount;
  }

  /** A segment frame arrived: it used one credit. `kept` when it belongs to the current play (else it is dropped). */
  received(kept: boolean): void {
    this.outstandingCount = Math.max(0, this.outstandingCount - 1);
    if (kept) this.heldCount++;
  }

  /** A held segment finished playing (or could not be decoded). */
  released(n = 1): void {
    this.heldCount = Math.max(0, this.heldCount - n);
  }

  /** A seek or a new play: every held segment is dropped. What was granted still arrives (and is dropped). */
  dropHeld(): void {
    this.heldCount = 0;
  }

  /** A new socket: the server's credit starts at zero. */
  connectionReset(): void {
    this.outstandingCount = 0;
  }

  /** How much to grant now (0: nothing to send); counts it as granted. */
  grant(): number {
    const wanted = this.target - this.outstandingCount - this.heldCount;
    const allowed = this.max - this.outstandingCount;
    const n = Math.min(wanted, allowed);
    if (n <= 0) return 0;
    this.outstandingCount += n;
    return n;
  }
}
