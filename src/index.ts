/**
 * Composition root: configuration, logger, app, signals. Nothing else lives here.
 */
import { createApp } from './app.js';
import { ConfigError, describeConfig, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { StoreLoadError } from './store/store.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  let app;
  try {
    app = await createApp({ config, log });
  } catch (error) {
    if (error instanceof StoreLoadError) {
      log.fatal({ file: error.file }, error.message);
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  if (!config.authEnabled) {
    const warning =
      'INBOUND AUTHENTICATION IS OFF: MicrosoftAppId is not set, so requests are not verified. ' +
      'The server listens on 127.0.0.1 only, for local testing. Set MicrosoftAppId (see .env.example) before exposing it.';
    log.warn(warning);
    process.stderr.write(`\n*** ${warning} ***\n\n`);
  }
  log.info({ url: app.server.url, demoLoaded: app.demoLoaded, config: describeConfig(config), now: app.clock().toISOString() }, 'bot started');
  process.stdout.write(`Council Actions bot listening on ${app.server.url}/api/messages (health: ${app.server.url}/healthz)\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight turns and flushing the store');
    try {
      await app.stop();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      log.error({ err: (error as Error).message }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Fatal: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
