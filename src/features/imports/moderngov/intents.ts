/**
 * ModernGov from chat, for democratic services admins: "refresh meetings from ModernGov" runs the
 * refresh now (instead of waiting for MODERNGOV_REFRESH_CRON) and "ModernGov status" says when it
 * last ran and whether it worked.
 */
import { messageReply } from '../../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../../chat/types.js';
import { formatUkInstant } from '../../../domain/uk-format.js';
import type { ModernGovService } from './refresh-service.js';

const SOURCE = '(?:modern\\.?gov|mod\\.gov)';
const REFRESH = new RegExp(`^(?:please\\s+)?(?:refresh|update|sync|re-?import|import|reload)\\s+(?:the\\s+)?(?:meetings|committees|calendar|agendas|meetings and agendas)?\\s*(?:from\\s+)?${SOURCE}(?:\\s+now)?$|^${SOURCE}\\s+(?:refresh|sync|import)(?:\\s+now)?$`, 'i');
const STATUS = new RegExp(`^(?:what is (?:the )?)?${SOURCE}\\s+(?:status|import status|refresh status)$|^(?:when did|did) ${SOURCE} (?:last )?(?:refresh|sync|run|import)(?: work)?$`, 'i');

function guard(service: ModernGovService | undefined, ctx: ChatContext): Reply | undefined {
  if (!ctx.asker.roles.has('democratic-services-admin')) {
    return messageReply({ title: 'Only democratic services admins can run the ModernGov import.', body: 'Nothing was changed. Meetings are refreshed from ModernGov every day.' });
  }
  if (!service) {
    return messageReply({
      title: 'ModernGov is not set up for this bot.',
      body: 'Set MODERNGOV_URL to the council\'s ModernGov site (and MODERNGOV_COUNCIL_ID when the bot serves more than one council), or import saved XML with "npm run import -- moderngov".',
    });
  }
  return undefined;
}

/** `service` is undefined when MODERNGOV_URL is not set. */
export function moderngovIntents(service: ModernGovService | undefined): IntentDefinition[] {
  return [
  {
    name: 'moderngov-refresh',
    examples: ['refresh meetings from ModernGov'],
    match: (text) => (REFRESH.test(text) ? {} : null),
    async answer(_slots, ctx) {
      const refused = guard(service, ctx);
      if (refused) return refused;
      try {
        const report = await service!.refresh();
        const c = report.committees;
        const m = report.meetings;
        return messageReply({
          title: 'Meetings refreshed from ModernGov.',
          lines: [
            `Committees: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged.`,
            `Meetings: ${m.added} added, ${m.updated} updated, ${m.unchanged} unchanged; ${m.cancelled} cancelled.`,
            `Agenda items read: ${report.items.total} (${report.items.restricted} restricted, kept as Part Two).`,
          ],
          notes: report.problems.slice(0, 10).map((p) => `Not imported: ${p}`),
        });
      } catch (error) {
        return messageReply({ title: 'The ModernGov refresh failed.', body: `${(error as Error).message} Nothing already imported was lost; the next scheduled refresh will try again.` });
      }
    },
  },
  {
    name: 'moderngov-status',
    examples: ['ModernGov status'],
    match: (text) => (STATUS.test(text) ? {} : null),
    answer(_slots, ctx) {
      const refused = guard(service, ctx);
      if (refused) return refused;
      const status = service!.status();
      const lines = [
        status.lastRunAt ? `Last run: ${formatUkInstant(status.lastRunAt)}.` : 'It has not run since the bot started.',
        status.lastSuccessAt ? `Last success: ${formatUkInstant(status.lastSuccessAt)}.` : undefined,
        status.lastError ? `Last error (${status.consecutiveFailures} failed in a row): ${status.lastError}` : undefined,
        status.nextRunAt ? `Next scheduled refresh: ${formatUkInstant(status.nextRunAt)}.` : 'No scheduled refresh (the scheduler is off).',
      ].filter((l): l is string => Boolean(l));
      return messageReply({ title: 'ModernGov import', lines });
    },
  },
  ];
}
