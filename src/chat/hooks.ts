/**
 * What a feature may see of a turn besides questions: an install (to welcome), an uninstall (to
 * forget), and a message before it is read as a question (a file attachment, say). Hooks see the
 * activity as plain data, never the Bot Framework's turn objects, so features stay testable
 * without Teams and a move to another Teams SDK stays inside src/teams/.
 */
import type { ChatContext, Reply } from './types.js';

/** The parts of an incoming Teams activity a hook may read (the Bot Framework activity's shape). */
export interface IncomingActivity {
  type?: string;
  id?: string;
  /** installationUpdate: "add", "add-upgrade", "remove", "remove-upgrade". */
  action?: string;
  text?: string;
  recipient?: { id?: string; name?: string };
  from?: { id?: string; name?: string; aadObjectId?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
  attachments?: ReadonlyArray<{ contentType?: string; name?: string; content?: unknown; contentUrl?: string }>;
}

export interface ActivityHooks {
  /** The first reply any feature returns is sent. */
  onInstall?(activity: IncomingActivity, ctx: ChatContext): Promise<Reply | undefined>;
  onUninstall?(activity: IncomingActivity): Promise<void>;
  /**
   * Sees a message before it is read as a question; a reply ends the turn. Return undefined to let
   * the question be answered as usual. The chat context is built only if asked for, so a hook that
   * ignores most messages costs nothing on them.
   */
  onMessage?(activity: IncomingActivity, chatContext: () => Promise<ChatContext>): Promise<Reply | undefined>;
}
