/**
 * The bot's clock. Everything that asks "what is today?" receives a Clock, so demos and tests can
 * freeze time (FIXED_NOW) or move it explicitly; nothing in the core reads the wall clock.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`not a valid instant: ${iso}`);
  return () => new Date(at.getTime());
}

/** A clock tests can move forward without sleeping. */
export class ManualClock {
  private at: number;
  constructor(iso: string) {
    this.at = new Date(iso).getTime();
  }
  readonly now: Clock = () => new Date(this.at);
  set(iso: string): void {
    this.at = new Date(iso).getTime();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}
