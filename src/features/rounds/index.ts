/**
 * Quarterly update rounds and the committee's quarterly summary (with the committee appendix in
 * report/): the round card's buttons, the chat commands, the round service and, when
 * SCHEDULER_ENABLED, a daily job at 9am Europe/London that sends reminders
 * ROUND_REMINDER_WORKING_DAYS working days before each deadline to leads who have not responded,
 * and tells the admin when a deadline passes. The job is idempotent (per-round, per-deadline,
 * per-lead send keys), so extra runs send nothing twice. Rounds record "no change" through the
 * updates feature's one write path.
 */
import { Cron } from 'croner';
import type { Feature, Services } from '../../feature.js';
import { roundCardActions } from './card-actions.js';
import { quarterlyIntents } from './intents.js';
import { RoundService } from './service.js';
import type { RoundsDeps } from './shared.js';

export { RoundService, CHANNEL_AUDIENCE } from './service.js';

/** Daily, after the start of the working day. */
export const ROUND_JOB_CRON = '0 9 * * *';

export interface RoundsFeature extends Feature {
  readonly service: RoundService;
}

export function roundsFeature(services: Services): RoundsFeature {
  const { config } = services;
  const service = new RoundService({
    store: services.store,
    log: services.log.child({ feature: 'quarterly-rounds' }),
    clock: services.clock,
    reminderWorkingDays: config.ROUND_REMINDER_WORKING_DAYS,
    sender: services.sender,
  });
  const deps: RoundsDeps = { service, adminEmails: config.ADMIN_EMAILS, reminderWorkingDays: config.ROUND_REMINDER_WORKING_DAYS };
  return {
    name: 'rounds',
    service,
    intents: quarterlyIntents(deps),
    cardActions: roundCardActions({ store: services.store, log: services.log, adminEmails: config.ADMIN_EMAILS }),
    async start() {
      let job: Cron | undefined;
      if (config.SCHEDULER_ENABLED) {
        job = new Cron(ROUND_JOB_CRON, { timezone: 'Europe/London', protect: true, name: 'quarterly-round-reminders' }, () => service.tick());
        // Cards a restart interrupted are sent now, not tomorrow at 9am.
        service.resumePending();
      }
      return async () => {
        job?.stop();
        await service.idle();
      };
    },
  };
}
