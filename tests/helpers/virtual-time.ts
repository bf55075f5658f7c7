/**
 * Virtual time for throttling and retry tests: `sleep` never waits. When every busy task is
 * asleep (the macrotask queue is reached), time jumps to the earliest timer and wakes it, so a
 * run of "2 minutes" of rate limiting finishes in milliseconds and timings are exact.
 */
import type { TimeSource } from '../../src/outbound/throttle.js';

export class VirtualTime implements TimeSource {
  private current = 0;
  private sequence = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  /** Every sleep requested, for assertions on backoff delays. */
  readonly sleeps: number[] = [];

  readonly now = (): number => this.current;

  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), seq: this.sequence++, resolve });
      setImmediate(() => this.fireNext());
    });
  };

  advance(ms: number): void {
    this.current += ms;
  }

  private fireNext(): void {
    if (this.timers.length === 0) return;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers.shift()!;
    this.current = Math.max(this.current, next.at);
    next.resolve();
  }
}
