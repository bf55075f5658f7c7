import { describe, expect, it } from 'vitest';
import type { TurnContext } from 'botbuilder';
import { silentLogger } from '../../src/log.js';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE, FileConsentFlow, allowedUploadUrl } from '../../src/teams/file-consent.js';

const context = { activity: { replyToId: 'consent-1' }, deleteActivity: async () => undefined } as unknown as TurnContext;
const file = { name: 'report.md', contentType: 'text/markdown', content: Buffer.from('# Report\n') };

function flow(responses: Array<{ status: number; headers?: Record<string, string> }>, now = { t: Date.parse('2020-10-20T09:00:00Z') }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift() ?? { status: 200 };
    return new Response('{}', { status: next.status, headers: next.headers });
  }) as unknown as typeof fetch;
  return { flow: new FileConsentFlow(() => new Date(now.t), silentLogger(), fetchImpl), calls, now };
}

const accept = (uploadId: string, uploadUrl = 'https://contoso-my.sharepoint.com/upload/1') => ({
  action: 'accept',
  context: { uploadId },
  uploadInfo: { name: 'report.md', uploadUrl, contentUrl: 'https://contoso-my.sharepoint.com/report.md', uniqueId: 'u1', fileType: 'md' },
});

describe('sending a file by the Teams file consent flow', () => {
  it('offers a consent card with the size, and uploads the bytes with a Content-Range on accept', async () => {
    const { flow: f, calls } = flow([{ status: 201 }]);
    const card = f.offer(file, 'Q2 report');
    expect(card).toMatchObject({ contentType: FILE_CONSENT_CONTENT_TYPE, name: 'report.md', content: { sizeInBytes: file.content.length } });
    const result = await f.respond(context, accept((card.content as any).acceptContext.uploadId));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.method).toBe('PUT');
    expect((calls[0]!.init.headers as Record<string, string>)['content-range']).toBe(`bytes 0-${file.content.length - 1}/${file.content.length}`);
    expect(result.attachment).toMatchObject({ contentType: FILE_INFO_CONTENT_TYPE, contentUrl: 'https://contoso-my.sharepoint.com/report.md', content: { uniqueId: 'u1', fileType: 'md' } });
  });

  it('retries a 503 and honours Retry-After, then reports success', async () => {
    const { flow: f, calls } = flow([{ status: 503, headers: { 'retry-after': '0' } }, { status: 201 }]);
    const card = f.offer(file, 'Q2 report');
    const result = await f.respond(context, accept((card.content as any).acceptContext.uploadId));
    expect(calls).toHaveLength(2);
    expect(result.text).toContain('Saved report.md');
  });

  it('says so when the upload keeps failing, and keeps the file for another try', async () => {
    const { flow: f } = flow([{ status: 400 }, { status: 201 }]);
    const card = f.offer(file, 'Q2 report');
    const id = (card.content as any).acceptContext.uploadId;
    expect((await f.respond(context, accept(id))).text).toContain('could not be saved to your OneDrive (HTTP 400)');
    expect((await f.respond(context, accept(id))).text).toContain('Saved');
  });

  it('declining discards the file; an unknown, expired or malformed response gets a clear answer and no upload', async () => {
    const { flow: f, calls, now } = flow([]);
    const card = f.offer(file, 'Q2 report');
    const id = (card.content as any).acceptContext.uploadId;
    expect((await f.respond(context, { action: 'decline', context: { uploadId: id } })).text).toBe('OK, report.md was not saved.');
    expect((await f.respond(context, accept(id))).text).toContain('expired');
    const late = f.offer(file, 'Q2 report');
    now.t += 2 * 60 * 60 * 1000;
    expect((await f.respond(context, accept((late.content as any).acceptContext.uploadId))).text).toContain('expired');
    expect((await f.respond(context, { action: 'accept', uploadInfo: 'nonsense' })).text).toContain('could not be read');
    const third = f.offer(file, 'Q2 report');
    expect((await f.respond(context, accept((third.content as any).acceptContext.uploadId, 'http://attacker.example/x'))).text).toContain('did not give a usable upload address');
    expect(calls).toHaveLength(0);
  });

  it('uploads only to https, or plain http on this machine', () => {
    expect(allowedUploadUrl('https://contoso-my.sharepoint.com/x')).toBe(true);
    expect(allowedUploadUrl('http://127.0.0.1:3000/x')).toBe(true);
    expect(allowedUploadUrl('http://contoso.example/x')).toBe(false);
    expect(allowedUploadUrl('file:///etc/passwd')).toBe(false);
    expect(allowedUploadUrl('not a url')).toBe(false);
  });
});
