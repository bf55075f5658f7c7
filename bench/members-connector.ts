/**
 * The fake Bot Connector for the embedded-store benchmark, in its own process (the real connector
 * is remote): it knows `count` Teams users, 29:user-<i> with the email of benchmark person p-<i>,
 * so a first message from each is a first-time user whom the bot links by email. Prints its URL.
 */
import { FakeConnector } from '../tests/helpers/fake-connector.js';

const count = Number(process.argv[2] ?? 150);
const connector = await new FakeConnector().start();
for (let i = 0; i < count; i += 1) {
  connector.addMember({ id: `29:user-${i}`, name: `Bench User ${i}`, aadObjectId: `aad-user-${i}`, email: `person${i}@council.example` });
}
// Keep memory flat: the benchmark measures the bot, not what the connector saw.
setInterval(() => {
  connector.calls.length = 0;
}, 1000).unref();
process.stdout.write(`${connector.url}\n`);
process.on('SIGTERM', () => void connector.stop().then(() => process.exit(0)));
