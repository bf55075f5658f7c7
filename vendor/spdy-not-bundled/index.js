'use strict';
/*
 * restify 11 loads spdy when it starts (lib/server.js) but uses it only for a server created with
 * the `spdy` option, which this bot never passes. spdy 4 loads http-deceiver, which reads
 * process.binding('http_parser'): Node 24 removed that binding, so the real spdy stops restify, and
 * the bot, from starting at all (restify/node-restify#1984, spdy-http2/node-spdy#403).
 * package.json's "overrides" puts this module in its place on every Node version. restify 12 drops
 * spdy, but needs Node 22.
 */
function notBundled() {
  throw new Error('spdy (HTTP/2 over SPDY) is not installed with this bot: restify is used without the spdy option.');
}

module.exports = { createServer: notBundled, Agent: notBundled, createAgent: notBundled };
