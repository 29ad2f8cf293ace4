/**
 * Identical calls in flight at the same moment share one: the first one's promise is handed to
 * every caller with the same key until it settles (then the next call goes out again).
 */
export class InFlightDedup<T> {
  /** Calls answered by one another caller had already sent. */
  shared = 0;
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, send: () => Promise<T>): Promise<T> {
    const pending = this.pending.get(key);
    if (pending) {
      this.shared += 1;
      return pending;
    }
    const sent = send().finally(() => this.pending.delete(key));
    this.pending.set(key, sent);
    return sent;
  }
}
