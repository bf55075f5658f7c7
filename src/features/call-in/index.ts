/**
 * Wires committee work into the app: the card forms (record a decision, suggest a work-programme
 * item), the call-in reminder buttons, and the daily call-in reminder check (croner, Europe/London,
 * only when SCHEDULER_ENABLED). Tests and operators trigger a run with
 * app.features['call-in-reminders'].run().
 */
import { Cron } from 'croner';
import type { FeatureModule } from '../../app.js';
import { decisionCardActions } from './decision-commands.js';
import { suggestionCardActions } from '../committees/work-programme-suggestion.js';
import { COUNCIL_ZONE } from '../../domain/uk-format.js';
import { createLogger } from '../../log.js';
import { callInReminderCardActions, runCallInReminders, type CallInReminderRun } from './reminders.js';

export const CALL_IN_REMINDERS_FEATURE = 'call-in-reminders';

/**
 * Daily at 8am, Europe/London. The reminder DAY is each council's rule (reminderWorkingDaysBefore);
 * this is only when the check runs. A missed day is caught up on the next run, up to the meeting.
 */
export const CALL_IN_REMINDER_SCHEDULE = '0 8 * * *';

export interface CallInRemindersControl {
  /** Runs the check now (what the schedule does daily); idempotent per meeting and recipient. */
  run(): Promise<CallInReminderRun>;
}

export function committeeFeature(): FeatureModule {
  return {
    name: 'committees',
    cardActions: [...decisionCardActions, ...suggestionCardActions, ...callInReminderCardActions],
    async start(app) {
      const log = createLogger(app.config.LOG_LEVEL).child({ feature: CALL_IN_REMINDERS_FEATURE });
      let running: Promise<CallInReminderRun> | undefined;
      const control: CallInRemindersControl = {
        run() {
          // One run at a time: a slow send must not overlap the next trigger.
          running ??= runCallInReminders({ store: app.store, clock: app.clock, features: app.features, log }).finally(() => {
            running = undefined;
          });
          return running;
        },
      };
      app.features[CALL_IN_REMINDERS_FEATURE] = control;
      if (!app.config.SCHEDULER_ENABLED) return;
      const job = new Cron(CALL_IN_REMINDER_SCHEDULE, { timezone: COUNCIL_ZONE, protect: true, name: CALL_IN_REMINDERS_FEATURE }, async () => {
        try {
          await control.run();
        } catch (error) {
          log.error({ err: (error as Error).message }, 'call-in reminder run failed; it will be tried again at the next scheduled time');
        }
      });
      log.info({ cron: CALL_IN_REMINDER_SCHEDULE, next: job.nextRun()?.toISOString() }, 'call-in reminders scheduled');
      return async () => {
        job.stop();
        await running?.catch(() => undefined);
      };
    },
  };
}
