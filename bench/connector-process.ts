/**
 * Runs the fake Bot Connector in its own process for benchmarks, as the real connector is remote:
 * its work must not compete with the bot's event loop. Prints its URL, then serves until killed.
 */
import { FakeConnector } from '../tests/helpers/fake-connector.js';

const connector = await new FakeConnector().start();
connector.addMember({ id: '29:bench', name: 'Bench User', aadObjectId: 'aad-bench', email: 'person1@council.example' });
// Keep memory flat over long runs: count, do not keep bodies.
setInterval(() => {
  connector.calls.length = 0;
}, 1000).unref();
process.stdout.write(`${connector.url}\n`);
process.on('SIGTERM', () => void connector.stop().then(() => process.exit(0)));
