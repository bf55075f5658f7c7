/**
 * Structured JSON logs (pino), one line per turn with its duration. Secrets and tokens are
 * redacted by path so that a careless `log.info({ config })` cannot leak them.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'council-actions-bot' },
      redact: {
        paths: [
          'MicrosoftAppPassword',
          'GRAPH_CLIENT_SECRET',
          '*.MicrosoftAppPassword',
          '*.GRAPH_CLIENT_SECRET',
          'headers.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A logger that discards everything (tests, CLI tools). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
