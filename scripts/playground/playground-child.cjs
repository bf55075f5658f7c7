/**
 * Runs the Microsoft 365 Agents Playground (a devDependency) in its own process, started from code
 * rather than through its CLI wrapper, with three changes to how it would otherwise run:
 *
 * 1. Loopback only. The Playground calls `server.listen(port)`, which binds every interface, and
 *    has no option for the host. Its mocked connector accepts unauthenticated writes and would
 *    expose the demo data to the network, so listen() calls made here without a host are bound
 *    to 127.0.0.1.
 * 2. No telemetry: `--disable-telemetry` is always passed (it otherwise reports to Microsoft).
 * 3. No browser is opened (TEAMSAPPTESTER_BROWSER=none, set by the parent).
 *
 * It is a separate process because the Playground replaces console.* globally and installs its own
 * SIGINT handler that calls process.exit. The parent (scripts/playground/stack.ts) passes the
 * Playground's own command-line options as arguments, reads "Listening on <port>" from stdout, and
 * stops it with SIGTERM.
 */
'use strict';
const net = require('node:net');

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  const portOnly = typeof first === 'number' && (args.length === 1 || typeof second === 'function');
  if (portOnly) args.splice(1, 0, '127.0.0.1');
  else if (first && typeof first === 'object' && !('path' in first) && !first.host) args[0] = { ...first, host: '127.0.0.1' };
  return originalListen.apply(this, args);
};

process.on('uncaughtException', (error) => {
  process.stderr.write(`Agents Playground failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});

// Its start() reads process.argv through yargs, as its own cli.js does.
process.argv = [process.argv[0], 'agentsplayground', 'start', ...process.argv.slice(2), '--disable-telemetry'];
require('@microsoft/m365agentsplayground/dist').start();
