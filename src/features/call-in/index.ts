/**
 * Call-in: when call-in ends for a decision (working days, bank holidays, a council's cut-off time),
 * whether a decision can be implemented, the reserved call-in dates and cancelled meetings,
 * agenda and key-decision notice deadlines; recording decisions and call-ins; and the daily
 * reminder to the support officer and chair before each reserved date (croner, Europe/London,
 * only when SCHEDULER_ENABLED), whose buttons cancel or keep the meeting. Depends on the
 * committees feature for which committee and council a question is about.
 */
import { Cron } from 'croner';
import { COUNCIL_ZONE } from '../../domain/uk-format.js';
import type { Feature, Services } from '../../feature.js';
import { decisionCardActions } from './decision-commands.js';
import { callInIntents } from './intents.js';
import { callInReminderCardActions, runCallInReminders, type CallInReminderRun } from './reminders.js';

export type { CallInReminderRun } from './reminders.js';

/**
 * Daily at 8am, Europe/London. The reminder DAY is each council's rule (reminderWorkingDaysBefore);
 * this is only when the check runs. A missed day is caught up on the next run, up to the meeting.
 */
export const CALL_IN_REMINDER_SCHEDULE = '0 8 * * *';

export interface CallInFeature extends Feature {
  /** Runs the reminder check now (what the schedule does daily); idempotent per meeting and recipient. */
  runReminders(): Promise<CallInReminderRun>;
}

export function callInFeature(services: Services): CallInFeature {
  const log = services.log.child({ feature: 'call-in-reminders' });
  let running: Promise<CallInReminderRun> | undefined;
  const runReminders = () =>
    // One run at a time: a slow send must not overlap the next trigger.
    (running ??= runCallInReminders({ store: services.store, clock: services.clock, sender: services.sender, log }).finally(() => {
      running = undefined;
    }));
  const writes = { store: services.store, log: services.log };
  return {
    name: 'call-in',
    intents: callInIntents(writes),
    cardActions: [...decisionCardActions(writes), ...callInReminderCardActions(writes)],
    runReminders,
    async start() {
      if (!services.config.SCHEDULER_ENABLED) return;
      const job = new Cron(CALL_IN_REMINDER_SCHEDULE, { timezone: COUNCIL_ZONE, protect: true, name: 'call-in-reminders' }, async () => {
        try {
          await runReminders();
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
