/**
 * Exporting the quarterly report appendix from chat (domain.md §4 E 41): "export the Q2 report for
 * the CIP as xlsx". A file in a personal chat; Markdown as text anywhere else. Always built for the
 * channel audience, because the appendix goes into a public committee paper.
 */
import { formatUkDate, plural } from '../../domain/uk-format.js';
import { REPORT_CONTENT_TYPES, reportFileName, reportTitle, toMarkdown, writeReport, type ReportFormat } from './report/quarterly-report.js';
import { CHANNEL_AUDIENCE } from './service.js';
import { cardReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type RoundsDeps, administers, anyAdmin, refuse } from './shared.js';
import { summaryFor, summaryPlan } from './summary-answers.js';

const FORMAT_WORDS: Array<[RegExp, ReportFormat]> = [
  [/\b(xlsx|excel|spreadsheet|workbook)\b/i, 'xlsx'],
  [/\bcsv\b/i, 'csv'],
  [/\b(md|markdown|text)\b/i, 'md'],
];

export async function exportReport(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = summaryPlan(deps, ctx, text, 'export the report');
  if ('reply' in found) return found.reply;
  const plan = found.plan;
  if (!administers(deps, ctx, plan) && !anyAdmin(deps, ctx)) return refuse(ctx, plan, 'export the committee report');
  const format = FORMAT_WORDS.find(([re]) => re.test(text))?.[1] ?? 'xlsx';
  // The appendix goes into a public committee paper: built for the channel audience, whoever asks.
  const result = summaryFor(deps, ctx, plan, text, CHANNEL_AUDIENCE);
  if ('reply' in result) return result.reply;
  const summary = result.summary;
  const restricted = summary.withheld ? ` ${plural(summary.withheld, 'internal or exempt action')} ${summary.withheld === 1 ? 'is' : 'are'} left out, as in any public paper.` : '';
  if (ctx.conversation.kind !== 'personal') {
    const markdown = toMarkdown(summary);
    return {
      text: markdown,
      card: cardReply('message', {
        title: `${reportTitle(summary)} (Markdown)`,
        body: `I can only send files in a personal chat with me, so here is the report as text.${restricted} For the ${format.toUpperCase()} file, ask me in a personal chat.`,
        lines: markdownLines(markdown),
        notes: [],
        choices: [],
        speak: reportTitle(summary),
      }),
    };
  }
  const content = await writeReport(summary, format);
  const name = reportFileName(summary, format);
  const size = content.length < 1024 ? `${content.length} bytes` : `${Math.round(content.length / 1024)} KB`;
  return {
    text: `${reportTitle(summary)}: ${name} (${size}).${restricted} Accept the upload to save it to your OneDrive.`,
    card: cardReply('message', {
      title: `${reportTitle(summary)}`,
      body: `Here is the report appendix as ${format === 'md' ? 'Markdown' : format.toUpperCase()}: ${name} (${size}). Accept the upload below to save it to your OneDrive.${restricted}`,
      lines: [
        `Counts as at ${formatUkDate(summary.asAt)}: ${summary.counts.rows.map((r) => `${r.label} ${r.count}`).join(', ')}; total ${summary.counts.total}.`,
        `Lists: ${summary.completed.length} completed, ${summary.onTrack.length} on track, ${summary.slipped.length} slipped, ${summary.revised.length} revised timescales.`,
      ],
      notes: [],
      choices: [],
      speak: reportTitle(summary),
    }),
    file: { name, contentType: REPORT_CONTENT_TYPES[format], content },
  };
}

/** Markdown as card lines, capped so the card stays well under the size limit. */
function markdownLines(markdown: string): string[] {
  const lines = markdown.split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    size += line.length;
    if (size > 24_000) {
      out.push(`…the rest is in the file: ask me in a personal chat to export it.`);
      break;
    }
    out.push(line);
  }
  return out;
}
