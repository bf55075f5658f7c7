/**
 * The fake Bot Connector for the fan-out benchmark, in its own process (the real connector is
 * remote: its work must not share the sender's event loop, nor its clock). It enforces Teams' 50
 * requests a second per tenant, counted on arrival over the trailing second, answering 429 with
 * Retry-After beyond it, and counts what it accepted per conversation. Driven over IPC (fork).
 */
import { FakeConnector } from '../tests/helpers/fake-connector.js';

const limit = Number(process.argv[2] ?? 50);
const connector = await new FakeConnector().start();
const arrivals: number[] = [];
const accepted = new Map<string, number>();
let throttled = 0;
connector.fault = (call) => {
  if (call.method !== 'POST' || !call.path.endsWith('/activities')) return undefined;
  const now = performance.now();
  while (arrivals.length && arrivals[0]! <= now - 1000) arrivals.shift();
  if (arrivals.length >= limit) {
    throttled += 1;
    return { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'Throttled', message: 'too many requests' } } };
  }
  arrivals.push(now);
  accepted.set(call.conversationId!, (accepted.get(call.conversationId!) ?? 0) + 1);
  return undefined;
};
// Keep memory flat: the counts above are all the benchmark needs.
setInterval(() => {
  connector.calls.length = 0;
}, 1000).unref();
process.on('message', (message) => {
  if (message === 'stats') process.send!({ accepted: Object.fromEntries(accepted), throttled });
  if (message === 'stop') void connector.stop().then(() => process.exit(0));
});
process.send!({ url: connector.url });
