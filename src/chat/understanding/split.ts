/**
 * Two questions in one message: "when's the next meeting and what's on it?", "what has slipped?
 * and who owns 2.2?". Split only where a second question plainly starts (a question word after
 * "and", a question mark, "also"); the router answers the parts only if each reads clearly, and
 * otherwise reads the message whole.
 */
const SECOND_QUESTION = String.raw`(?:what|whats|what's|when|whens|when's|who|whos|who's|which|how|hows|how's|where|is|are|can|could|does|do|has|have|will|did|show|list|tell)`;
const SPLITTERS = [
  new RegExp(String.raw`\?\s+(?=\S)`, 'g'),
  new RegExp(String.raw`[,;]?\s+(?:and|also|plus|and also)\s+(?=${SECOND_QUESTION}\b)`, 'gi'),
  new RegExp(String.raw`;\s+(?=${SECOND_QUESTION}\b)`, 'gi'),
];

export function splitQuestions(text: string): string[] {
  for (const splitter of SPLITTERS) {
    const parts = text
      .split(splitter)
      .map((p) => p.trim().replace(/[?]+$/, ''))
      .filter((p) => p.length > 0);
    if (parts.length > 1 && parts.length <= 3 && parts.every((p) => p.split(/\s+/).length >= 2)) return parts;
  }
  return [text];
}
