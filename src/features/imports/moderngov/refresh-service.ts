/**
 * Keeps committees and meetings in step with the council's ModernGov site: a refresh on
 * MODERNGOV_REFRESH_CRON (Europe/London) when MODERNGOV_URL is set and the scheduler is on, and
 * `refresh()` for an admin command. A failed refresh is logged with the reason
 * and counted; the next scheduled run tries again, and nothing already imported is lost.
 */
import { Cron } from 'croner';
import type { Services } from '../../../feature.js';
import { fetchModernGov, type ModernGovFetchOptions } from './client.js';
import { importModernGov, type ModernGovImportReport } from './merge.js';

export interface ModernGovStatus {
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  lastReport?: ModernGovImportReport;
  /** When the scheduled refresh runs next; none when the scheduler is off. */
  nextRunAt?: string;
}

export interface ModernGovService {
  refresh(): Promise<ModernGovImportReport>;
  status(): ModernGovStatus;
}

export interface ModernGovRefreshOptions {
  /** Tests: a fake site instead of the network. */
  fetch?: ModernGovFetchOptions['fetch'];
}

/**
 * The refresh service when MODERNGOV_URL is set, with its schedule; undefined when ModernGov is
 * not set up (the chat commands then say how to set it up).
 */
export function modernGovRefresh(
  services: Pick<Services, 'store' | 'clock' | 'log' | 'config'>,
  options: ModernGovRefreshOptions = {},
): { service: ModernGovService; start(): Promise<(() => Promise<void>) | void> } | undefined {
  const { config, store } = services;
  if (!config.MODERNGOV_URL) return undefined;
  const log = services.log.child({ feature: 'moderngov' });
  const status: ModernGovStatus = { consecutiveFailures: 0 };
  let running: Promise<ModernGovImportReport> | undefined;
  let job: Cron | undefined;

  const refresh = async (): Promise<ModernGovImportReport> => {
    const now = services.clock();
    status.lastRunAt = now.toISOString();
    try {
      const snapshot = await store.snapshot();
      const councilId = config.MODERNGOV_COUNCIL_ID || (snapshot.data.councils.length === 1 ? snapshot.data.councils[0]!.id : '');
      if (!councilId) {
        throw new Error(
          `MODERNGOV_COUNCIL_ID is not set and the store holds ${snapshot.data.councils.length} councils (${snapshot.data.councils.map((c) => c.id).join(', ')}); set it to the council the ModernGov site belongs to.`,
        );
      }
      const data = await fetchModernGov({
        siteUrl: config.MODERNGOV_URL,
        now,
        committees: config.MODERNGOV_COMMITTEES.split(',').filter((c) => c.trim()),
        fetch: options.fetch,
      });
      const report = await importModernGov(store, data, { councilId, now, actorName: `ModernGov refresh (${config.MODERNGOV_URL})` });
      status.lastSuccessAt = now.toISOString();
      status.lastError = undefined;
      status.consecutiveFailures = 0;
      status.lastReport = report;
      log.info({ moderngov: { committees: report.committees, meetings: report.meetings, problems: report.problems.length } }, 'ModernGov refreshed');
      return report;
    } catch (error) {
      status.lastError = (error as Error).message;
      status.consecutiveFailures += 1;
      log.warn({ err: status.lastError, consecutiveFailures: status.consecutiveFailures }, 'ModernGov refresh failed');
      throw error;
    }
  };
  // One refresh at a time: a slow site must not stack runs.
  const service: ModernGovService = {
    refresh: () => (running ??= refresh().finally(() => (running = undefined))),
    status: () => ({ ...status, nextRunAt: job?.nextRun()?.toISOString() }),
  };
  return {
    service,
    async start() {
      if (!config.SCHEDULER_ENABLED) return;
      job = new Cron(config.MODERNGOV_REFRESH_CRON, { timezone: 'Europe/London', protect: true }, async () => {
        await service.refresh().catch(() => undefined); // already logged and counted
      });
      return async () => {
        job?.stop();
        await running?.catch(() => undefined);
      };
    },
  };
}
