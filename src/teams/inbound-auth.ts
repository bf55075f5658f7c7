/**
 * Inbound authentication: the Bot Framework token on POST /api/messages, checked from the
 * Authorization header alone, before the body is read, so an unauthenticated caller never gets a
 * request body parsed. botbuilder's own check needs the parsed activity, answers some forged tokens
 * with a 500 and its library's error text, and accepts Emulator and skill tokens this Teams bot
 * never receives; every failure here is a 401 with a short reason.
 *
 * What a Teams activity's token must be (Bot Framework authentication, "Bot Connector to bot"):
 * a JWT signed with RS256/384/512 by a key from the Bot Framework's OpenID metadata, issued by
 * https://api.botframework.com, for this bot's app id, within its lifetime (5 minutes' leeway).
 * The checks that need the activity (its serviceUrl equals the token's `serviceurl` claim; the
 * signing key is endorsed for its channel) are `checkActivityAgainstToken`, run once it is parsed.
 *
 * Cheap checks (format, issuer, audience, lifetime) come before the key lookup, so a forged token
 * only reaches the key cache (signing-keys.ts) when it names the right issuer and audience.
 */
import { verify as verifySignature } from 'node:crypto';
import type { SigningKeys } from './signing-keys.js';

export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';
const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
const CLOCK_TOLERANCE_SECONDS = 5 * 60;
const MAX_TOKEN_CHARS = 16 * 1024;

export interface VerifiedToken {
  claims: Readonly<Record<string, unknown>>;
  /** The channels the signing key is endorsed for (empty: any). */
  endorsements: readonly string[];
}

export type TokenVerdict = { ok: true; token: VerifiedToken } | { ok: false; reason: string };

export interface TokenVerifierOptions {
  appId: string;
  keys: SigningKeys;
  /** Wall-clock milliseconds for expiry (real time: a frozen demo clock must not accept expired tokens). */
  wallClock?: () => number;
}

export class BotFrameworkTokenVerifier {
  private readonly wallClock: () => number;

  constructor(private readonly options: TokenVerifierOptions) {
    this.wallClock = options.wallClock ?? Date.now;
  }

  async verify(authorization: string | undefined): Promise<TokenVerdict> {
    if (!authorization) return fail('no Authorization header');
    const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
    if (!match) return fail('the Authorization header is not "Bearer <token>"');
    const token = match[1]!;
    if (token.length > MAX_TOKEN_CHARS) return fail('the token is too long');
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1] || !parts[2]) return fail('the token is not a signed JWT');
    const header = decodeJson(parts[0]);
    const payload = decodeJson(parts[1]);
    if (!header || !payload) return fail('the token is not a signed JWT');
    const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
    if (!algorithm) return fail(`the token's signing algorithm ${JSON.stringify(header.alg ?? null).slice(0, 20)} is not allowed`);
    if (typeof header.kid !== 'string' || !header.kid) return fail('the token names no signing key');
    if (payload.iss !== BOT_FRAMEWORK_TOKEN_ISSUER) return fail('the token was not issued by the Bot Framework');
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(this.options.appId)) return fail("the token is not for this bot's app id");
    const nowSeconds = this.wallClock() / 1000;
    if (typeof payload.exp !== 'number') return fail('the token has no expiry');
    if (payload.exp + CLOCK_TOLERANCE_SECONDS < nowSeconds) return fail('the token has expired');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf - CLOCK_TOLERANCE_SECONDS > nowSeconds)) return fail('the token is not valid yet');

    const lookup = await this.options.keys.lookUp(header.kid);
    if ('missing' in lookup) return fail(lookup.missing === 'unknown key id' ? 'the token is signed with an unknown key' : 'the signing keys could not be loaded, so the token cannot be verified');
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
    let valid = false;
    try {
      valid = verifySignature(algorithm, signed, lookup.found.key, Buffer.from(parts[2]!, 'base64url'));
    } catch {
      valid = false;
    }
    if (!valid) return fail("the token's signature is not valid");
    return { ok: true, token: { claims: payload, endorsements: lookup.found.endorsements } };
  }
}

/** The checks that need the parsed activity; returns the reason it does not match its token. */
export function checkActivityAgainstToken(token: VerifiedToken, activity: { serviceUrl?: string; channelId?: string }): string | undefined {
  if (token.claims.serviceurl !== activity.serviceUrl) return "the activity's serviceUrl is not the one in its token";
  if (token.endorsements.length > 0 && !token.endorsements.includes(activity.channelId ?? '')) return `the signing key is not endorsed for channel "${String(activity.channelId).slice(0, 40)}"`;
  return undefined;
}

function fail(reason: string): TokenVerdict {
  return { ok: false, reason };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
