/**
 * Which Bot Connector service URLs the bot may call. An activity names its own serviceUrl and the
 * bot sends its replies (and, later, proactive messages from the stored reference) there, so an
 * unchecked one lets whoever can post an activity make the bot call any address: another host, or
 * the cloud metadata endpoint (169.254.169.254).
 *
 * - Local mode (no MicrosoftAppId, nothing authenticated): loopback only, where the Agents
 *   Playground, the tests' fake connector and any local client live.
 * - Authentication on: an inbound activity's serviceUrl must be the one in its Bot Framework token
 *   (the `serviceurl` claim, checked in teams/inbound-auth.ts), which Microsoft signs. A stored
 *   reference has no token beside it, so a proactive send needs https and a host name that is not
 *   loopback, private or link-local: what a store carried over from local mode, or any record that
 *   did not come from the Bot Framework, cannot aim the bot at this machine or its network.
 */
import { isIP } from 'node:net';

export type ServiceUrlMode = 'local' | 'authenticated';

/** Returns why a service URL may not be called, or undefined when it may. */
export type ServiceUrlCheck = (serviceUrl: string) => string | undefined;

export function serviceUrlCheck(mode: ServiceUrlMode): ServiceUrlCheck {
  return (serviceUrl) => {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return 'it is not a URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `its scheme ${url.protocol} is not http or https`;
    if (url.username || url.password) return 'it carries a user name or password';
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (mode === 'local') return isLoopbackHost(host) ? undefined : `in local mode (no MicrosoftAppId) only loopback connectors are called, and ${host} is not loopback`;
    if (url.protocol !== 'https:') return 'the Bot Connector is only called over https';
    if (isLoopbackHost(host) || isPrivateAddress(host)) return `${host} is a loopback, private or link-local address, not a Bot Connector service`;
    return undefined;
  };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    const mapped = mappedIPv4(h);
    return mapped ? mapped.startsWith('127.') : h === '::1' || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h);
  }
  return false;
}

/** "::ffff:7f00:1" (how URL writes ::ffff:127.0.0.1) or "::ffff:127.0.0.1" as dotted IPv4. */
function mappedIPv4(host: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** RFC 1918, carrier-grade NAT, link-local (the metadata address), unique-local IPv6, unspecified. */
function isPrivateAddress(host: string): boolean {
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) {
    const mapped = mappedIPv4(host);
    if (mapped) return isPrivateAddress(mapped) || isLoopbackHost(mapped);
    return host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}
