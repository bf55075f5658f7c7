/**
 * Hears other instances' commits. Every store transaction ends with pg_notify(channel, seq), which
 * PostgreSQL delivers when it commits; this holds one connection that LISTENs and calls `onChange`
 * with the sequence number. Notifications are a wake-up call, not the data: the store then reads
 * the change log from its own last sequence, so a missed or repeated notification loses nothing.
 *
 * Because a connection can drop without a word (failover, a NAT timing out an idle connection),
 * the listener also polls the head sequence every `pollIntervalMs`, and after reconnecting it
 * calls `onChange` at once. Reconnects back off (with jitter) up to `maxBackoffMs`.
 */
import pg from 'pg';
import type { Logger } from '../../log.js';

export const CHANGE_CHANNEL = 'council_store_changes';

export interface ChangeListenerOptions {
  clientConfig: pg.ClientConfig;
  log: Logger;
  /** Called with the committed sequence number, or undefined when a check is due (poll, reconnect). */
  onChange(seq: number | undefined): void;
  pollIntervalMs?: number;
  maxBackoffMs?: number;
}

export class ChangeListener {
  private client?: pg.Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private failures = 0;
  /** Resolves once the first LISTEN is in place (or failed: the poll covers until it reconnects). */
  readonly ready: Promise<void>;

  constructor(private readonly options: ChangeListenerOptions) {
    this.ready = this.connect();
    const poll = options.pollIntervalMs ?? 5_000;
    this.pollTimer = setInterval(() => options.onChange(undefined), poll);
    this.pollTimer.unref();
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.options.clientConfig);
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.log.warn({ err: error?.message }, 'PostgreSQL change listener disconnected; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      const seq = Number(message.payload);
      this.options.onChange(Number.isFinite(seq) ? seq : undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.log.warn({ err: (error as Error).message }, 'PostgreSQL change listener could not connect; retrying');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures > 0) this.options.onChange(undefined); // catch up with whatever was missed
    this.failures = 0;
  }

  private scheduleReconnect(): void {
    this.failures += 1;
    const ceiling = Math.min(this.options.maxBackoffMs ?? 10_000, 250 * 2 ** Math.min(this.failures, 10));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      await client.end().catch(() => undefined);
    }
  }
}
