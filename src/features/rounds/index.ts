/**
 * The quarterly-rounds feature: the round card's buttons, the round service (found by the chat
 * answers at app.features[ROUNDS_FEATURE]) and, when SCHEDULER_ENABLED, a daily job at 9am
 * Europe/London that sends reminders ROUND_REMINDER_WORKING_DAYS working days before each deadline
 * to leads who have not responded, and tells the admin when a deadline passes. The job is
 * idempotent (per-round, per-deadline, per-lead send keys), so extra runs send nothing twice.
 */
import { Cron } from 'croner';
import type { App, FeatureModule } from '../../app.js';
import { createLogger } from '../../log.js';
import { PROACTIVE_FEATURE, type ProactiveSender } from '../../outbound/types.js';
import { roundCardActions } from './card-actions.js';
import { ROUNDS_FEATURE, RoundService } from './round-service.js';

/** Daily, after the start of the working day. */
export const ROUND_JOB_CRON = '0 9 * * *';

export function quarterlyRoundsFeature(): FeatureModule {
  return {
    name: ROUNDS_FEATURE,
    cardActions: roundCardActions,
    async start(app: App) {
      const log = createLogger(app.config.LOG_LEVEL).child({ feature: ROUNDS_FEATURE });
      const service = new RoundService({
        store: app.store,
        log,
        clock: app.clock,
        reminderWorkingDays: app.config.ROUND_REMINDER_WORKING_DAYS,
        sender: () => app.features[PROACTIVE_FEATURE] as ProactiveSender | undefined,
      });
      app.features[ROUNDS_FEATURE] = service;
      let job: Cron | undefined;
      if (app.config.SCHEDULER_ENABLED) {
        job = new Cron(ROUND_JOB_CRON, { timezone: 'Europe/London', protect: true, name: 'quarterly-round-reminders' }, () => service.tick());
        // Cards a restart interrupted are sent now, not tomorrow at 9am.
        service.resumePending();
      }
      return async () => {
        job?.stop();
        await service.idle();
        delete app.features[ROUNDS_FEATURE];
      };
    },
  };
}
