/**
 * Measure numbers as people and documents write them: "EP3", "ep 3", "EP-03", "Vul 10b", "COU 1",
 * "<u>COU 1</u>". All read to one key ("EP 3", "VUL 10b"), so any spelling finds the measure.
 */

export interface MeasureNumber {
  prefix: string;
  sequence: number;
  suffix?: string;
}

/** The key a measure number is filed under: upper-case prefix, number without leading zeros, lower-case letter. */
export function measureNumberKey(number: MeasureNumber): string {
  return `${number.prefix.toUpperCase()} ${number.sequence}${number.suffix ? number.suffix.toLowerCase() : ''}`;
}

/** The number without its letter ("VUL 10" for "VUL 10b"): "Vul 10" names both 10a and 10b. */
export function measureStemKey(number: MeasureNumber): string {
  return `${number.prefix.toUpperCase()} ${number.sequence}`;
}

const NUMBER = /(?:^|[^a-z0-9])([a-z]{2,4})\s*[-.]?\s*0*(\d{1,3})\s*([a-z])?(?![a-z0-9])/i;

/**
 * Reads the first measure number in the text, or undefined. Only the shape is checked here; whether
 * a measure with that number exists is the index's business ("Q2 2020" reads as a number and then
 * matches nothing).
 */
export function parseMeasureNumber(text: string): MeasureNumber | undefined {
  const plain = text.replace(/<[^>]+>/g, ' ');
  const m = NUMBER.exec(plain);
  if (!m) return undefined;
  return { prefix: m[1]!.toUpperCase(), sequence: Number(m[2]), suffix: m[3] ? m[3].toLowerCase() : undefined };
}

/** Every measure-number-shaped phrase in the text, in order ("compare EP 4 and VUL 7"). */
export function findMeasureNumbers(text: string): MeasureNumber[] {
  const found: MeasureNumber[] = [];
  const global = new RegExp(NUMBER.source, 'gi');
  const plain = text.replace(/<[^>]+>/g, ' ');
  for (const m of plain.matchAll(global)) {
    found.push({ prefix: m[1]!.toUpperCase(), sequence: Number(m[2]), suffix: m[3] ? m[3].toLowerCase() : undefined });
  }
  return found;
}
