/**
 * Chooses the directory from the configuration: Microsoft Graph when GRAPH_TENANT_ID,
 * GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are all set (config.ts refuses a partial set), otherwise
 * the off directory.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { OffDirectory, type Directory } from './directory.js';
import { GraphDirectory } from './graph-directory.js';
import { ClientCredentialsTokenProvider } from './token.js';

export function directoryConfigured(config: Pick<Config, 'GRAPH_TENANT_ID' | 'GRAPH_CLIENT_ID' | 'GRAPH_CLIENT_SECRET'>): boolean {
  return Boolean(config.GRAPH_TENANT_ID && config.GRAPH_CLIENT_ID && config.GRAPH_CLIENT_SECRET);
}

export function createDirectory(config: Config, log: Logger, options: { authorityHost?: string } = {}): Directory {
  if (!directoryConfigured(config)) return new OffDirectory();
  const graphOrigin = new URL(config.GRAPH_BASE_URL).origin;
  const tokens = new ClientCredentialsTokenProvider({
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
    scope: `${graphOrigin}/.default`,
    authorityHost: options.authorityHost,
  });
  return new GraphDirectory({ baseUrl: config.GRAPH_BASE_URL, authProvider: tokens, log });
}
