/**
 * Live updates: one EventSource per page on `/_console/events`. Pages subscribe to named events;
 * the connection state shows in the header (role="status", so screen readers hear a loss).
 */
export type LiveState = "connecting" | "live" | "lost";

export class LiveChannel {
  private readonly source: EventSource;
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  state: LiveState = "connecting";

  constructor(url = "/_console/events") {
    this.source = new EventSource(url, { withCredentials: true });
    this.source.onopen = () => this.setState("live");
    // The browser retries by itself; CLOSED means it gave up (e.g. 401 after a restart).
    this.source.onerror = () => this.setState(this.source.readyState === EventSource.CLOSED ? "lost" : "connecting");
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<T = unknown>(event: string, listener: (data: T) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      const created = new Set<(data: unknown) => void>();
      set = created;
      this.listeners.set(event, created);
      this.source.addEventListener(event, (message) => {
        const data = JSON.parse((message as MessageEvent<string>).data) as unknown;
        for (const l of [...created]) l(data);
      });
    }
    const entry = listener as (data: unknown) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onState(listener: (state: LiveState) => void): void {
    this.stateListeners.add(listener);
    listener(this.state);
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}
