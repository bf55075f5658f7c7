/**
 * Importing a plan from chat: a plan admin sends an .xlsx or .csv file in a personal chat, the bot
 * replies with the dry-run report and buttons, and only the "Import" button changes anything.
 *
 * Teams delivers a file sent to a bot as an attachment of type
 * "application/vnd.microsoft.teams.file.download.info" with a short-lived, pre-authorised
 * `content.downloadUrl` (the manifest sets supportsFiles). The file is kept in memory for 30
 * minutes between the report and the confirmation, never written to disk; the import is worked
 * out again at confirmation, against the data as it is then.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cardReply, messageReply } from '../../chat/reply.js';
import { fold } from '../../chat/normalise.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import type { Plan } from '../../domain/model.js';
import { holdsPlanAdmin } from '../../domain/roles.js';
import type { Snapshot } from '../../domain/snapshot.js';
import type { CardActionHandler } from '../../chat/card-actions.js';
import type { IncomingActivity } from '../../chat/hooks.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import { ColumnMappingError } from './plan/columns.js';
import { importPlan, PlanImportError, type PlanImportReport } from './plan/index.js';
import { reportReply } from './plan/report.js';
import { readTable, spreadsheetKind, TableReadError } from './table.js';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
export const MAX_CHAT_FILE_BYTES = 5 * 1024 * 1024;
const PENDING_MINUTES = 30;
const MAX_PENDING = 50;

const FileAttachment = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().min(1).max(255),
  content: z.looseObject({ downloadUrl: z.string().min(1).max(4000), fileType: z.string().max(20).optional() }),
});

const ConfirmData = z.object({
  pendingId: z.string().min(1).max(100),
  planId: z.string().min(1).max(200).optional(),
  force: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
});

interface PendingImport {
  id: string;
  fileName: string;
  content: Buffer;
  /** Only the person who sent the file may confirm it. */
  ownerKey: string;
  createdAt: number;
}

/**
 * The plans this person may import into: every plan for democratic services admins, else the plans
 * they administer (grants by email, person or AAD group, ADMIN_EMAILS, plan admin lists: rolesOf).
 */
export function importablePlans(snapshot: Snapshot, ctx: Pick<ChatContext, 'asker'>): Plan[] {
  const { roles } = ctx.asker;
  if (roles.has('democratic-services-admin')) return [...snapshot.plans];
  return snapshot.plans.filter((p) => holdsPlanAdmin(roles, p.id));
}

function ownerKeyOf(ctx: ChatContext): string {
  return ctx.asker.aadObjectId ?? ctx.asker.person?.id ?? ctx.asker.displayName;
}

/** Downloads at most `maxBytes`; http only when the bot runs without inbound auth (local testing). */
export async function downloadFile(url: string, maxBytes: number, allowHttp: boolean): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the download link Teams gave is not a valid address');
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:')) throw new Error('the download link Teams gave is not https');
  const response = await fetch(parsed, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`Teams would not give me the file (HTTP ${response.status}); please send it again`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`the file is ${megabytes(declared)}; the limit is ${megabytes(maxBytes)}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > maxBytes) throw new Error(`the file is over the ${megabytes(maxBytes)} limit`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface ChatPlanImportDependencies {
  store: Store;
  log: Logger;
  /**
   * Local mode (no MicrosoftAppId): the Agents Playground serves files over plain http on
   * loopback. With auth on, only https download URLs are followed.
   */
  allowPlainHttpDownloads: boolean;
}

export class ChatPlanImport {
  private readonly pending = new Map<string, PendingImport>();

  constructor(
    private readonly deps: ChatPlanImportDependencies,
    private readonly maxBytes = MAX_CHAT_FILE_BYTES,
  ) {}

  /** The onMessage hook: handles file attachments, lets everything else through. */
  async onMessage(activity: IncomingActivity, chatContext: () => Promise<ChatContext>): Promise<Reply | undefined> {
    const raw = (activity.attachments ?? []).find((a) => a.contentType === FILE_DOWNLOAD_INFO);
    if (!raw) return undefined;
    const ctx = await chatContext();
    const parsed = FileAttachment.safeParse(raw);
    if (!parsed.success) return messageReply({ title: 'I could not read that file attachment.', body: 'Nothing was imported. Please send the file again.' });
    const attachment = parsed.data;
    if (ctx.conversation.kind !== 'personal') {
      return messageReply({
        title: 'Send spreadsheets to me in a personal chat.',
        body: 'Plan imports are checked with you privately before anything changes. Nothing was imported.',
      });
    }
    const plans = importablePlans(ctx.snapshot, ctx);
    if (plans.length === 0) return this.refusal(ctx);
    const fileName = attachment.name;
    if (!spreadsheetKind(fileName)) {
      return messageReply({
        title: `I can't import ${fileName}.`,
        body: 'I import action plans from .xlsx workbooks and .csv files. Save the plan in one of those formats and send it again. Nothing was imported.',
      });
    }
    let content: Buffer;
    try {
      content = await downloadFile(attachment.content.downloadUrl, this.maxBytes, this.deps.allowPlainHttpDownloads);
    } catch (error) {
      return messageReply({ title: `I could not fetch ${fileName}: ${(error as Error).message}.`, body: 'Nothing was imported.' });
    }
    const pending = this.remember({ fileName, content, ownerKey: ownerKeyOf(ctx), createdAt: ctx.now.getTime() });

    const text = (activity.text ?? '').replace(/<[^>]+>/g, ' ');
    const plan = choosePlan(plans, `${text} ${fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ')}`);
    if (!plan) return this.choosePlanReply(pending, plans);
    return this.dryRun(pending, plan.id, ctx);
  }

  readonly cardActions: CardActionHandler[] = [
    { verb: 'import-plan-choose', handle: async (data, ctx) => this.handleChoice(data, ctx) },
    { verb: 'import-plan-confirm', handle: async (data, ctx) => this.handleConfirm(data, ctx) },
    {
      verb: 'import-plan-cancel',
      handle: async (data, ctx) => {
        const parsed = ConfirmData.safeParse(data);
        const pending = parsed.success ? this.pending.get(parsed.data.pendingId) : undefined;
        if (pending && pending.ownerKey === ownerKeyOf(ctx)) this.pending.delete(pending.id);
        return { updatedCard: messageReply({ title: 'Import cancelled.', body: 'Nothing was changed.' }) };
      },
    },
  ];

  private async handleChoice(data: Record<string, unknown>, ctx: ChatContext) {
    const found = this.pendingFor(data, ctx);
    if ('reply' in found) return { reply: found.reply };
    return { updatedCard: await this.dryRun(found.pending, found.planId, ctx) };
  }

  private async handleConfirm(data: Record<string, unknown>, ctx: ChatContext) {
    const found = this.pendingFor(data, ctx);
    if ('reply' in found) return { reply: found.reply };
    const force = found.force;
    let report: PlanImportReport;
    try {
      const table = await readTable(found.pending.fileName, found.pending.content);
      report = await importPlan(this.deps.store, table, this.options(found.planId, ctx, { force }));
    } catch (error) {
      return { reply: problemReply(found.pending.fileName, error) };
    }
    this.pending.delete(found.pending.id);
    this.deps.log.info({ import: { plan: report.planId, file: report.fileName, counts: report.counts, forced: report.forced } }, 'plan imported from chat');
    return { updatedCard: reportReply(report, { heading: `Imported ${report.fileName} into ${report.planTitle}` }) };
  }

  /** Checks the button against the pending file and the person's rights, again, at click time. */
  private pendingFor(data: Record<string, unknown>, ctx: ChatContext): { pending: PendingImport; planId: string; force: boolean } | { reply: Reply } {
    this.expire(ctx.now.getTime());
    const parsed = ConfirmData.safeParse(data);
    if (!parsed.success || !parsed.data.planId) return { reply: messageReply({ title: 'That button could not be read.', body: 'Nothing was imported. Send the file again.' }) };
    const pending = this.pending.get(parsed.data.pendingId);
    if (!pending) {
      return { reply: messageReply({ title: 'That import has expired.', body: `Files are kept for ${PENDING_MINUTES} minutes (and not across a restart). Send the file again. Nothing was imported.` }) };
    }
    if (pending.ownerKey !== ownerKeyOf(ctx)) return { reply: messageReply({ title: 'Only the person who sent the file can import it.', body: 'Nothing was imported.' }) };
    const plans = importablePlans(ctx.snapshot, ctx);
    if (!plans.some((p) => p.id === parsed.data.planId)) return { reply: this.refusal(ctx, parsed.data.planId) };
    return { pending, planId: parsed.data.planId, force: parsed.data.force === true || parsed.data.force === 'true' };
  }

  private async dryRun(pending: PendingImport, planId: string, ctx: ChatContext): Promise<Reply> {
    let report: PlanImportReport;
    try {
      const table = await readTable(pending.fileName, pending.content);
      report = await importPlan(this.deps.store, table, this.options(planId, ctx, { dryRun: true }));
    } catch (error) {
      this.pending.delete(pending.id);
      return problemReply(pending.fileName, error);
    }
    const buttons: NonNullable<Parameters<typeof reportReply>[1]>['buttons'] = [];
    const willChange = report.counts.imported + report.counts.updated + report.newPeople.length > 0;
    if (willChange) buttons.push({ title: 'Import', data: { verb: 'import-plan-confirm', pendingId: pending.id, planId, force: false }, style: 'positive' });
    if (report.counts.held) {
      buttons.push({
        title: `Import and overwrite ${report.counts.held} newer chat update${report.counts.held === 1 ? '' : 's'}`,
        data: { verb: 'import-plan-confirm', pendingId: pending.id, planId, force: true },
        style: 'destructive',
      });
    }
    buttons.push({ title: 'Cancel', data: { verb: 'import-plan-cancel', pendingId: pending.id, planId }, style: 'default' });
    const heading = willChange || report.counts.held ? `Check before importing ${report.fileName} into ${report.planTitle}` : `Nothing to import from ${report.fileName}`;
    return reportReply(report, { buttons, heading });
  }

  private options(planId: string, ctx: ChatContext, extra: { dryRun?: boolean; force?: boolean }) {
    return {
      planId,
      actor: { personId: ctx.asker.person?.id, name: ctx.asker.person?.name ?? ctx.asker.displayName },
      now: ctx.now,
      importId: randomUUID(),
      ...extra,
    };
  }

  private choosePlanReply(pending: PendingImport, plans: Plan[]): Reply {
    const buttons = plans.slice(0, 6).map((p) => ({ title: p.title, data: { verb: 'import-plan-choose', pendingId: pending.id, planId: p.id } }));
    buttons.push({ title: 'Cancel', data: { verb: 'import-plan-cancel', pendingId: pending.id, planId: plans[0]!.id } });
    const title = `Which plan is ${pending.fileName} for?`;
    return {
      text: `${title}\nChoose: ${buttons.map((b) => b.title).join(' | ')}`,
      card: cardReply('import-report', {
        heading: title,
        summary: 'I will show you what would change before anything is imported.',
        facts: [],
        lines: [],
        notes: plans.length > 6 ? [`You administer ${plans.length} plans; send the file again with the plan's name in the message to pick another.`] : [],
        buttons: buttons.map((b) => ({ ...b, style: 'default' as const })),
        speak: title,
      }),
    };
  }

  private refusal(ctx: ChatContext, planId?: string): Reply {
    const admins = ctx.snapshot.data.roleGrants
      .filter((g) => g.role === 'democratic-services-admin' || (g.role === 'plan-admin' && (!planId || !g.planId || g.planId === planId)))
      .map((g) => (g.personId ? ctx.snapshot.person(g.personId)?.name : undefined) ?? g.email)
      .filter((n): n is string => Boolean(n));
    return messageReply({
      title: planId ? `Only admins of ${ctx.snapshot.plan(planId)?.title ?? planId} can import into it.` : 'Only plan admins can import spreadsheets.',
      body: `Nothing was imported.${admins.length ? ` Ask ${[...new Set(admins)].join(' or ')} to import it, or to make you a plan admin.` : ''}`,
    });
  }

  private remember(item: Omit<PendingImport, 'id'>): PendingImport {
    this.expire(item.createdAt);
    const pending = { ...item, id: randomUUID() };
    this.pending.set(pending.id, pending);
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    return pending;
  }

  private expire(nowMs: number): void {
    for (const [id, item] of this.pending) if (nowMs - item.createdAt > PENDING_MINUTES * 60_000) this.pending.delete(id);
  }
}

/** A plan named in the message text or the file name, among those the person may import into. */
function choosePlan(plans: Plan[], text: string): Plan | undefined {
  if (plans.length === 1) return plans[0];
  const folded = ` ${fold(text)} `;
  const named = plans.filter((p) =>
    [p.id, p.title, p.abbreviation, p.id.replace(/-/g, ' ')].filter(Boolean).some((n) => folded.includes(` ${fold(n!)} `)),
  );
  return named.length === 1 ? named[0] : undefined;
}

function problemReply(fileName: string, error: unknown): Reply {
  if (error instanceof TableReadError || error instanceof ColumnMappingError || error instanceof PlanImportError) {
    return messageReply({ title: `I could not import ${fileName}.`, body: `${error.message} Nothing was imported.` });
  }
  return messageReply({ title: `Something went wrong reading ${fileName}.`, body: `${(error as Error).message}. Nothing was imported.` });
}
