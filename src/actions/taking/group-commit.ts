/*
 * A group commit: requests that arrive together (in the same turn of the event loop, or while the
 * previous group is being written) are written by one call of `write`, which is expected to do so
 * in one transaction, and each request is answered only once that call has returned, that is
 * after the commit: nothing is acknowledged that a crash could still lose. One commit for many
 * supporters' actions, where each used to pay its own.
 *
 * A request that fails must not fail the others written with it: when a group's write throws,
 * each of its requests is written again on its own, and only the one that fails alone is refused
 * (with its own error). `retryAlone` may ask for one more try of a request alone (a race with
 * another process, which a second try resolves).
 */

export interface GroupCommitOptions {
  /** The most requests written at once. */
  maxGroup: number;
  /**
   * How many groups may be written at the same time (1 by default): more than one where the
   * database runs transactions side by side (PostgreSQL), so that a group's round trips and its
   * commit overlap the next group's instead of each waiting for the one before.
   */
  concurrency?: number;
  /** Whether a request that failed alone with this error is worth one more try. */
  retryAlone?: (err: unknown) => boolean;
}

interface Waiting<I, O> {
  request: I;
  resolve: (answer: O) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private writing = 0;
  private scheduled = false;

  /** `write` answers its requests in their order, once they are committed; or throws, and none is. */
  constructor(
    private readonly write: (requests: readonly I[]) => Promise<O[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Resolves once the request is committed (with its answer), or rejects with its own failure. */
  submit(request: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.writing >= this.concurrency || this.scheduled) return;
      // The rest of this turn's requests (a burst of arrivals) join the first group.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.drain();
      });
    });
  }

  /** Requests waiting for a group (for tests and metrics). */
  get pending(): number {
    return this.waiting.length;
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 1;
  }

  /** Starts a group for each free writer; whatever arrives while they write makes the next groups. */
  private drain(): void {
    while (this.waiting.length > 0 && this.writing < this.concurrency) {
      this.writing++;
      void this.writeGroup(this.waiting.splice(0, this.options.maxGroup)).finally(() => {
        this.writing--;
        this.drain();
      });
    }
  }

  private async writeGroup(group: Waiting<I, O>[]): Promise<void> {
    let answers: O[];
    try {
      answers = await this.write(group.map((w) => w.request));
    } catch (err) {
      if (group.length === 1) return this.writeAlone(group[0]!, err);
      // Nothing of the group was committed: each alone, so only the one at fault is refused.
      for (const w of group) await this.writeAlone(w);
      return;
    }
    group.forEach((w, i) => {
      w.resolve(answers[i] as O);
    });
  }

  private async writeAlone(w: Waiting<I, O>, failedAlready?: unknown): Promise<void> {
    let tries = failedAlready === undefined ? 0 : 1;
    let last = failedAlready;
    while (tries === 0 || (tries === 1 && this.options.retryAlone?.(last))) {
      tries++;
      try {
        const [answer] = await this.write([w.request]);
        w.resolve(answer as O);
        return;
      } catch (err) {
        last = err;
      }
    }
    w.reject(last);
  }
}
