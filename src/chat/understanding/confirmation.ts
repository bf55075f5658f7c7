/**
 * Typed answers to a read-back card: "yes", "yep, go ahead", "save it", "looks good" confirm;
 * "no", "cancel", "scrap that" cancel. Anything else is a new message, and the card stays.
 */

const YES = /^(?:yes|yep|yeah|yea|yup|ya|y|aye|ok|okay|k|sure|fine|confirm(?:ed)?|correct|right|go(?:\s+ahead)?|do\s+it|save(?:\s+it|\s+that|\s+the\s+update)?|submit(?:\s+it)?|send\s+it|record\s+it|that(?:\s+is|'s)?\s+(?:right|correct|fine|good|it)|looks?\s+(?:good|right|fine)|all\s+good|perfect|please\s+do|yes\s+please|spot\s+on)\b/i;
const NO = /^(?:no|nope|nah|n|cancel|stop|don'?t|do\s+not|scrap\s+(?:it|that)|forget\s+(?:it|that)|discard|wrong|not\s+(?:right|correct)|abort|never\s*mind|leave\s+it)\b/i;

export type ConfirmationAnswer = 'yes' | 'no' | undefined;

export function confirmationAnswer(text: string): ConfirmationAnswer {
  const t = text.trim().replace(/[!.]+$/, '');
  if (t.length > 60) return undefined;
  if (NO.test(t)) return 'no';
  if (YES.test(t) && !/\b(?:but|except|change|actually|wait)\b/i.test(t)) return 'yes';
  return undefined;
}
