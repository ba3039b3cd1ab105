import type { Summary } from './api.js';

/** How many exchanges the tail keeps in memory. */
const KEEP = 500;
const SEQ_KEY = 'sluice.tail.seq';

/** `added`: the change brought an exchange the feed did not hold (not a later state of one it does). */
type Listener = (entries: readonly Summary[], added: boolean) => void;

/**
 * The history's changes, from the first page load on, whatever page is shown: the stream stays
 * open while another page is on screen, so the tail has everything when it comes back. The
 * last sequence number is kept in the tab's session storage, so a reload resumes after it
 * (`?since=`) instead of losing what was captured meanwhile; EventSource's own reconnects send
 * `Last-Event-ID`.
 */
export class LiveFeed {
  readonly #entries = new Map<string, Summary>();
  readonly #listeners = new Set<Listener>();
  #source: EventSource | undefined;
  #connected = false;

  /** Opens the stream once. */
  start(): void {
    if (this.#source !== undefined) return;
    const seq = sessionStorage.getItem(SEQ_KEY);
    this.#source = new EventSource(seq === null ? '/api/events?backlog=50' : `/api/events?since=${encodeURIComponent(seq)}`);
    this.#source.addEventListener('open', () => this.#setConnected(true));
    this.#source.addEventListener('error', () => this.#setConnected(false));
    this.#source.addEventListener('change', (event) => {
      const message = event as MessageEvent<string>;
      const change = JSON.parse(message.data) as { seq: number; summary: Summary };
      sessionStorage.setItem(SEQ_KEY, String(change.seq));
      // An exchange appears as it is captured (queued); its later changes (delivered, a retry)
      // update it where it stands, so the list stays in capture order.
      const added = !this.#entries.has(change.summary.id);
      this.#entries.set(change.summary.id, change.summary);
      if (this.#entries.size > KEEP) this.#entries.delete(this.#entries.keys().next().value!);
      this.#emit(added);
    });
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Newest first. */
  entries(): Summary[] {
    return [...this.#entries.values()].reverse();
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setConnected(connected: boolean): void {
    this.#connected = connected;
    const badge = document.getElementById('live-state');
    if (badge !== null) {
      badge.textContent = connected ? 'live' : 'reconnecting…';
      badge.className = connected ? 'badge ok' : 'badge warn';
    }
  }

  #emit(added: boolean): void {
    const entries = this.entries();
    for (const listener of this.#listeners) listener(entries, added);
  }
}

export const liveFeed = new LiveFeed();
