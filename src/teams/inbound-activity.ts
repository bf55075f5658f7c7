/**
 * The shape an activity must have before the adapter and the bot see it. Every field the bot, the
 * SDK or the connector client relies on is checked for its type here, because each odd shape that
 * slipped through used to become a 500 or a reply the connector client refused to send:
 * `attachments: [null]` (the import hook read `null.contentType`), a mention entity without
 * `mentioned` (the SDK's mention stripping read `undefined.id`), no `recipient`, a number as
 * `from.aadObjectId` or `from.name` (the reply's recipient then fails the client's serialiser).
 *
 * A request that fails gets a 400 naming the field and what is wrong, and nothing runs. Unknown
 * fields are kept (Teams adds new ones); null in an optional text field is read as absent.
 */
import { z } from 'zod';

/** Request bodies larger than this get a 413 (a card submission is at most ~100 KB as Teams counts it). */
export const MAX_BODY_BYTES = 256 * 1024;

const optionalText = (max: number) => z.preprocess((v) => (v === null ? undefined : v), z.string().max(max).optional());

const Account = z.looseObject({
  id: z.string().min(1).max(500),
  name: optionalText(500),
  aadObjectId: optionalText(200),
  role: optionalText(50),
});

const Conversation = z.looseObject({
  id: z.string().min(1).max(2000),
  conversationType: optionalText(100),
  tenantId: optionalText(200),
  name: optionalText(1000),
  isGroup: z.preprocess((v) => (v === null ? undefined : v), z.boolean().optional()),
});

const Attachment = z.looseObject({
  contentType: z.string().max(500),
  contentUrl: optionalText(8000),
  name: optionalText(1000),
});

const Entity = z
  .looseObject({ type: z.string().max(200) })
  .superRefine((entity, ctx) => {
    if (entity.type.toLowerCase() !== 'mention') return;
    const mentioned = (entity as { mentioned?: unknown }).mentioned;
    const parsed = Account.pick({ id: true, name: true }).safeParse(mentioned);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['mentioned'], message: mentioned === undefined ? 'is missing (a mention names who is mentioned)' : 'should be an account with a text id' });
    }
    const text = (entity as { text?: unknown }).text;
    if (text !== undefined && typeof text !== 'string') ctx.addIssue({ code: 'custom', path: ['text'], message: 'should be text' });
  });

const ChannelData = z.looseObject({
  tenant: z.looseObject({ id: z.string().max(200) }).optional(),
  team: z.looseObject({ id: z.string().max(2000) }).optional(),
  channel: z.looseObject({ id: z.string().max(2000) }).optional(),
});

export const InboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  id: optionalText(500),
  channelId: z.string().min(1).max(100),
  serviceUrl: z.string().min(1).max(2000),
  from: Account,
  recipient: Account,
  conversation: Conversation,
  channelData: ChannelData.optional(),
  // Long texts are let through so the bot can answer "too long" in words; the body limit still applies.
  text: optionalText(MAX_BODY_BYTES),
  textFormat: optionalText(50),
  locale: optionalText(50),
  name: optionalText(200),
  action: optionalText(100),
  replyToId: optionalText(500),
  deliveryMode: optionalText(50),
  attachments: z.array(Attachment).max(50).optional(),
  entities: z.array(Entity).max(100).optional(),
  membersAdded: z.array(Account).max(1000).optional(),
  membersRemoved: z.array(Account).max(1000).optional(),
});
export type InboundActivity = z.infer<typeof InboundActivity>;

export type ActivityCheck = { ok: true; activity: InboundActivity } | { ok: false; field: string; problem: string };

export function checkActivity(body: unknown): ActivityCheck {
  const parsed = InboundActivity.safeParse(body, { reportInput: true });
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, field: issue.path.map(String).join('.') || '(body)', problem: describe(issue) };
}

function describe(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type') {
    if (input === undefined) return 'is missing';
    return `should be ${issue.expected === 'string' ? 'text' : issue.expected}, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`;
  }
  if (issue.code === 'too_big') return `is too long (at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ' characters'})`;
  if (issue.code === 'too_small') return 'is empty';
  return issue.message;
}
