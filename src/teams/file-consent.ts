/**
 * Sending a file to a user in a personal chat, the only way Teams allows a bot to: the file consent
 * flow. The bot sends a FileConsentCard; when the user accepts, Teams sends a `fileConsent/invoke`
 * with an upload URL in the user's OneDrive; the bot PUTs the bytes there and then sends a file
 * info card that opens the file. Declining discards it.
 *
 * Files wait in memory for an hour (exports are small and can be made again); a restart or an
 * expiry gets a clear "ask again". The upload has a timeout and bounded retries that honour
 * Retry-After, like every other outbound call.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Attachment, TurnContext } from 'botbuilder';
import type { Logger } from '../log.js';

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';

const KEEP_MS = 60 * 60 * 1000;
const MAX_PENDING = 200;
const UPLOAD_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 3;

export interface PendingFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/** What Teams sends when the user acts on the consent card (validated: it is outside input). */
export const FileConsentResponse = z.object({
  action: z.enum(['accept', 'decline']),
  context: z.looseObject({ uploadId: z.string().max(100).optional() }).optional(),
  uploadInfo: z
    .looseObject({
      name: z.string().max(500).optional(),
      uploadUrl: z.string().url().optional(),
      contentUrl: z.string().url().optional(),
      uniqueId: z.string().max(500).optional(),
      fileType: z.string().max(50).optional(),
    })
    .optional(),
});

export class FileConsentFlow {
  private readonly pending = new Map<string, PendingFile & { expiresAt: number }>();

  constructor(
    private readonly clock: () => Date,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Keeps the file and returns the consent card that asks the user to accept it. */
  offer(file: PendingFile, description: string): Attachment {
    this.expire();
    const uploadId = randomUUID();
    this.pending.set(uploadId, { ...file, expiresAt: this.clock().getTime() + KEEP_MS });
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    return {
      contentType: FILE_CONSENT_CONTENT_TYPE,
      name: file.name,
      content: { description: description.slice(0, 250), sizeInBytes: file.content.length, acceptContext: { uploadId }, declineContext: { uploadId } },
    };
  }

  /** Handles the invoke; returns the message to send back to the user. */
  async respond(context: TurnContext, value: unknown): Promise<{ text: string; attachment?: Attachment }> {
    const parsed = FileConsentResponse.safeParse(value);
    if (!parsed.success) return { text: 'That file response could not be read. Nothing was uploaded; ask for the file again.' };
    const uploadId = parsed.data.context?.uploadId ?? '';
    const file = this.pending.get(uploadId);
    if (parsed.data.action === 'decline') {
      this.pending.delete(uploadId);
      return { text: file ? `OK, ${file.name} was not saved.` : 'OK, nothing was saved.' };
    }
    if (!file || file.expiresAt < this.clock().getTime()) {
      this.pending.delete(uploadId);
      return { text: 'That file has expired (files wait for an hour) or the bot has restarted since. Please ask for it again.' };
    }
    const info = parsed.data.uploadInfo;
    if (!info?.uploadUrl || !allowedUploadUrl(info.uploadUrl)) {
      return { text: 'Teams did not give a usable upload address, so the file was not saved. Please try again.' };
    }
    const result = await this.upload(info.uploadUrl, file.content);
    if (!result.ok) {
      this.log.warn({ status: result.status, file: file.name }, 'file upload failed');
      return { text: `The file could not be saved to your OneDrive (${result.reason}). Please try again in a minute.` };
    }
    this.pending.delete(uploadId);
    const replyToId = context.activity.replyToId;
    if (replyToId) await context.deleteActivity(replyToId).catch(() => undefined);
    return {
      text: `Saved ${info.name ?? file.name} to your OneDrive.`,
      attachment: {
        contentType: FILE_INFO_CONTENT_TYPE,
        contentUrl: info.contentUrl ?? info.uploadUrl,
        name: info.name ?? file.name,
        content: { uniqueId: info.uniqueId, fileType: info.fileType ?? file.name.split('.').pop() },
      },
    };
  }

  private async upload(url: string, content: Buffer): Promise<{ ok: true } | { ok: false; status?: number; reason: string }> {
    let last: { status?: number; reason: string } = { reason: 'no attempt made' };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        const response = await this.fetchImpl(url, {
          method: 'PUT',
          headers: { 'content-length': String(content.length), 'content-range': `bytes 0-${content.length - 1}/${content.length}` },
          body: new Uint8Array(content),
          signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
        });
        if (response.ok) return { ok: true };
        last = { status: response.status, reason: `HTTP ${response.status}` };
        if (response.status !== 429 && response.status < 500) break;
        await sleep(retryDelay(response.headers.get('retry-after'), attempt));
      } catch (error) {
        last = { reason: (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message };
        await sleep(retryDelay(null, attempt));
      }
    }
    return { ok: false, ...last };
  }

  private expire(): void {
    const now = this.clock().getTime();
    for (const [id, file] of this.pending) if (file.expiresAt < now) this.pending.delete(id);
  }
}

/** OneDrive upload sessions are https; plain http only to this machine (tests, local emulators). */
export function allowedUploadUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

function retryDelay(retryAfter: string | null, attempt: number): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 30) * 1000;
  return Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
