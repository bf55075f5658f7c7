/**
 * Bringing a council's data in: action plans from a spreadsheet sent in a personal chat (a dry-run
 * report, then confirm), ModernGov's committees, meetings and agendas on a schedule or on
 * request, and the importers the command-line tools share (plan/, moderngov/, json-backup.ts).
 */
import type { Feature, Services } from '../../feature.js';
import { ChatPlanImport } from './chat-import.js';
import { moderngovIntents } from './moderngov/intents.js';
import { modernGovRefresh, type ModernGovRefreshOptions, type ModernGovService } from './moderngov/refresh-service.js';

export interface ImportsFeature extends Feature {
  /** The ModernGov refresh, when MODERNGOV_URL is set. */
  readonly moderngov?: ModernGovService;
}

export interface ImportsFeatureOptions {
  moderngov?: ModernGovRefreshOptions;
}

export function importsFeature(services: Services, options: ImportsFeatureOptions = {}): ImportsFeature {
  const flow = new ChatPlanImport({ store: services.store, log: services.log, allowPlainHttpDownloads: !services.config.authEnabled });
  const refresh = modernGovRefresh(services, options.moderngov);
  return {
    name: 'imports',
    moderngov: refresh?.service,
    // "refresh meetings from ModernGov": before the meeting questions.
    intents: moderngovIntents(refresh?.service),
    cardActions: flow.cardActions,
    hooks: [{ onMessage: (activity, chatContext) => flow.onMessage(activity, chatContext) }],
    start: refresh ? () => refresh.start() : undefined,
  };
}
