/**
 * Status words as council users write them, read as what they are asking for: "behind",
 * "slipping", "late" and "off track" all ask about slippage; "done", "finished", "signed off" about
 * completion; "no update", "gone quiet" about staleness. Negations come first ("not on track" is
 * slippage, "not finished" is still open), so a phrase is read once, longest first.
 */
import type { Span, StatusWord } from '../frame.js';

const PATTERNS: Array<[StatusWord, RegExp]> = [
  ['slipped', /\b(?:not|isn'?t|is not|aren'?t|are not|no longer)\s+on\s+(?:track|target|schedule)\b/gi],
  ['open', /\b(?:not|isn'?t|is not|aren'?t|are not|haven'?t|have not|hasn'?t|has not|yet to be|still to be)\s+(?:been\s+)?(?:completed?|finished|done|delivered|closed)\b/gi],
  ['not-started', /\b(?:not|haven'?t|have not|hasn'?t|has not|yet to|still to|never)\s+(?:been\s+|even\s+)?(?:started|begun|begin|start|kicked off)\b/gi],
  ['stale', /\b(?:no|without(?:\s+an?|\s+any)?|not\s+had\s+an?|missing|lacking|with\s+no)\s+(?:recent\s+|new\s+|progress\s+)?(?:updates?|commentary|progress\s+reports?|news)\b|\b(?:not|never)\s+(?:been\s+)?updated\b|\bgone\s+quiet\b|\bstale\b/gi],
  ['awaiting-endorsement', /\b(?:awaiting|await|waiting\s+for|needs?|needing|pending|for|require|requiring)\s+(?:committee\s+|the\s+committee'?s?\s+)?(?:endorsement|approval|sign[- ]?off)\b|\bendorse(?:d|ment)?\b|\brevised\s+(?:timescales?|dates?|deadlines?|targets?)\b|\b(?:proposed|new)\s+(?:revised\s+)?(?:dates?|timescales?|deadlines?)\b|\bre-?baselined?\b/gi],
  ['no-date', /\b(?:no|without(?:\s+a|\s+any)?)\s+(?:target\s+|due\s+|end\s+|firm\s+)?(?:dates?|deadlines?|timescales?)\b|\bundated\b|\b(?:tbc|ongoing)\s+(?:actions?|items?|ones?)\b|\bdate\s+tbc\b/gi],
  ['overdue', /\boverdue\b|\bpast\s+(?:its\s+|their\s+|the\s+)?(?:due(?:\s+date)?|deadlines?|target(?:\s+dates?)?|end\s+date)\b|\bmissed\s+(?:its\s+|their\s+|the\s+)?(?:deadlines?|target(?:\s+dates?)?|due\s+dates?)\b|\bout\s+of\s+date\b/gi],
  ['slipped', /\bslip(?:ped|ping|page|s)?\b|\bbehind(?:\s+schedule)?\b|\brunning\s+(?:late|behind)\b|\b(?:late|delayed|delays?)\b|\boff[- ]track\b|\bin\s+trouble\b/gi],
  ['at-risk', /\bat\s+risk\b|\bamber\b|\bstruggling\b|\bwobbl(?:y|ing)\b|\bconcerns?\b/gi],
  ['on-track', /\bon\s+(?:track|target|schedule|course)\b|\bgoing\s+(?:well|to\s+plan)\b|\bgreen\b/gi],
  ['completed', /\b(?:completed?|completion|finished|done|achieved|delivered|closed|signed\s+off|implemented|sorted|wrapped\s+up)\b/gi],
  ['deferred', /\b(?:deferred|postponed|on\s+hold|paused|put\s+back)\b/gi],
  ['in-progress', /\b(?:in\s+progress|under\s*way|progressing|being\s+worked\s+on)\b/gi],
  ['open', /\b(?:outstanding|open|incomplete|unfinished|remaining|still\s+to\s+do|not\s+yet\s+done)\b/gi],
];

export function recogniseStatuses(text: string): (Span & { status: StatusWord })[] {
  const found: (Span & { status: StatusWord })[] = [];
  const taken: Array<[number, number]> = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  for (const [status, pattern] of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      taken.push([start, end]);
      found.push({ start, end, text: m[0], status });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
