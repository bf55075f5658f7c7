/**
 * How people type in Teams, read as plain English: contractions without apostrophes ("whats",
 * "hows"), text-speak ("pls", "u", "b4"), council shorthand ("cttee", "WP", "w/c", "mgmt"),
 * American spellings, and the politeness around a question ("hi - quick one,", "could you tell me",
 * "please", "thanks"). Greetings and thanks are reported, not lost: a message that is only a
 * greeting deserves a greeting back.
 *
 * The standardised text is what entities and the kind of question are read from. Commentary in an
 * update is always recorded from the raw message, never from this.
 */

export interface StandardisedText {
  text: string;
  /** The message opened with a greeting ("hi", "morning all"). */
  greeting: boolean;
  /** The message thanked the bot ("thanks!", "cheers"). */
  thanks: boolean;
  /** It was nothing but a greeting, thanks or a sign-off. */
  onlySmallTalk: boolean;
}

/** Whole words replaced (case-insensitive). Order does not matter: each key is one word. */
const WORDS: Record<string, string> = {
  whats: 'what is',
  "what's": 'what is',
  wats: 'what is',
  wots: 'what is',
  wat: 'what',
  wot: 'what',
  whos: 'who is',
  "who's": 'who is',
  hows: 'how is',
  "how's": 'how is',
  wheres: 'where is',
  "where's": 'where is',
  whens: 'when is',
  "when's": 'when is',
  wen: 'when',
  thats: 'that is',
  "that's": 'that is',
  theres: 'there is',
  "there's": 'there is',
  "it's": 'it is',
  isnt: 'is not',
  "isn't": 'is not',
  arent: 'are not',
  "aren't": 'are not',
  wasnt: 'was not',
  "wasn't": 'was not',
  werent: 'were not',
  "weren't": 'were not',
  hasnt: 'has not',
  "hasn't": 'has not',
  havent: 'have not',
  "haven't": 'have not',
  hadnt: 'had not',
  doesnt: 'does not',
  "doesn't": 'does not',
  dont: 'do not',
  "don't": 'do not',
  didnt: 'did not',
  "didn't": 'did not',
  cant: 'cannot',
  "can't": 'cannot',
  wont: 'will not',
  "won't": 'will not',
  wouldnt: 'would not',
  couldnt: 'could not',
  shouldnt: 'should not',
  im: 'i am',
  "i'm": 'i am',
  ive: 'i have',
  "i've": 'i have',
  "i'd": 'i would',
  "i'll": 'i will',
  "we're": 'we are',
  "they're": 'they are',
  "you're": 'you are',
  youre: 'you are',
  "let's": 'let us',
  u: 'you',
  ya: 'you',
  ur: 'your',
  yr: 'year',
  yrs: 'years',
  pls: 'please',
  plz: 'please',
  plse: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  tnx: 'thanks',
  ty: 'thanks',
  cttee: 'committee',
  ctte: 'committee',
  cttees: 'committees',
  comm: 'committee',
  cmte: 'committee',
  mgmt: 'management',
  mgt: 'management',
  govt: 'government',
  dept: 'department',
  depts: 'departments',
  mtg: 'meeting',
  mtgs: 'meetings',
  mtng: 'meeting',
  wk: 'week',
  wks: 'weeks',
  nxt: 'next',
  b4: 'before',
  abt: 'about',
  bout: 'about',
  cos: 'because',
  coz: 'because',
  cuz: 'because',
  bcos: 'because',
  becuase: 'because',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tomoz: 'tomorrow',
  '2moro': 'tomorrow',
  '2day': 'today',
  tdy: 'today',
  asap: 'as soon as possible',
  info: 'information',
  approx: 'approximately',
  org: 'organisation',
  wp: 'work programme',
  fwp: 'forward work programme',
  rag: 'RAG',
  teh: 'the',
  hte: 'the',
  adn: 'and',
  waht: 'what',
  whihc: 'which',
  whcih: 'which',
  actoins: 'actions',
  acitons: 'actions',
  actons: 'actions',
  mon: 'Monday',
  tue: 'Tuesday',
  tues: 'Tuesday',
  wed: 'Wednesday',
  weds: 'Wednesday',
  thu: 'Thursday',
  thur: 'Thursday',
  thurs: 'Thursday',
  fri: 'Friday',
  sept: 'September',
  // American spellings the plans never use
  organization: 'organisation',
  organizations: 'organisations',
  program: 'programme',
  programs: 'programmes',
  prioritize: 'prioritise',
  prioritized: 'prioritised',
  center: 'centre',
  behavior: 'behaviour',
  analyze: 'analyse',
  finalized: 'finalised',
  canceled: 'cancelled',
  cancelation: 'cancellation',
};

/** Phrases replaced wherever they stand (word boundaries at both ends). */
const PHRASES: Array<[RegExp, string]> = [
  [/\bw\/c\b\.?/gi, 'week commencing'],
  [/\bw\/e\b\.?/gi, 'week ending'],
  [/\bwk comm(?:encing)?\b/gi, 'week commencing'],
  [/\bre:\s*/gi, 'about '],
  [/\bre\b(?=\s+(?:the|action|\d|[a-z]))/gi, 'about'],
  [/\bw\/(?=\s|[a-z])/gi, 'with '],
  [/\bwork\s+prog(?:ramme|ram)?\b/gi, 'work programme'],
  [/\bcall\s*-?\s*in\b/gi, 'call-in'],
  [/\bcallin\b/gi, 'call-in'],
  [/\bon-?track\b/gi, 'on track'],
  [/\bup\s*to\s*date\b/gi, 'up to date'],
  [/\bq(?:tr|uarter)?\s*([1-4])\b/gi, 'Q$1'],
];

const GREETING = /^(?:(?:hi|hello|hey|hiya|heya|morning|afternoon|evening|good\s+(?:morning|afternoon|evening)|greetings|yo|howdy)(?:\s+(?:there|all|team|everyone|bot|council\s+actions))?|dear\s+bot)\b[\s,.!:;-]*/i;
const LEAD_INS = [
  /^(?:quick\s+(?:one|question|q)|just\s+a\s+quick\s+(?:one|question)|sorry\s+to\s+(?:bother|trouble)\s+you|sorry)\b[\s,.!:;-]*/i,
  // "just to let you know the asset valuations are done": what follows is the update itself.
  /^(?:just\s+)?(?:to\s+)?(?:let(?:ting)?\s+you\s+know|fyi|for\s+(?:your\s+)?info(?:rmation)?|heads\s+up|just\s+so\s+you\s+know|(?:an?\s+)?(?:quick\s+)?(?:progress\s+)?update\s*(?:for\s+you)?\s*[:,-])(?:\b|(?<=[:,-]))[\s,.!:;-]*(?:that\s+)?/i,
  /^(?:(?:please\s+)?(?:could|can|would)\s+you\s+(?:please\s+)?(?:tell|let)\s+me(?:\s+know)?(?=\s+(?:what|when|who|whom|which|how|where|if|whether|is|are|has|have)\b)|(?:please\s+)?tell\s+me(?=\s+(?:what|when|who|which|how|where|if|whether)\b)|i\s+(?:was\s+)?wonder(?:ing|ed)|just\s+wondering|do\s+you\s+know|any\s+idea|any\s+chance\s+you\s+(?:could|can)\s+(?:tell\s+me|let\s+me\s+know)|i\s+(?:would|'d)\s+like\s+to\s+know|i\s+need\s+to\s+know|can\s+i\s+(?:just\s+)?(?:ask|check)|could\s+i\s+(?:just\s+)?(?:ask|check)|just\s+checking|just\s+to\s+check)\b[\s,:-]*/i,
  /^(?:please|pls|kindly)\b[\s,]*/i,
];
const THANKS_ANYWHERE = /\b(?:thanks|thank\s+you|thankyou|cheers|ta|many\s+thanks|much\s+appreciated|appreciated|thx)\b/i;
const TRAILING = /[\s,.;:-]*(?:(?:thanks|thank\s+you|thankyou|cheers|ta|many\s+thanks|much\s+appreciated|thx)(?:\s+(?:so\s+much|very\s+much|a\s+lot|in\s+advance|again|mate|all))?|please|pls|ta\s+very\s+much)[\s!.]*$/i;
const SIGN_OFF = /^(?:(?:ok(?:ay)?|great|perfect|brilliant|lovely|nice|cool|grand|super|fab(?:ulous)?|excellent|got\s+it|understood|that(?:'s|\s+is)?\s+(?:great|perfect|helpful|brilliant|fine|all))\s*[,!.]*\s*)*(?:thanks|thank\s+you|cheers|ta|thx|bye|see\s+you|good\s*bye|that(?:'s|\s+is)?\s+all)?[\s!.]*$/i;

export function standardiseTyping(input: string): StandardisedText {
  let text = input.replace(/\s+/g, ' ').trim();
  let greeting = false;
  const greetingMatch = GREETING.exec(text);
  if (greetingMatch && (greetingMatch[0].length === text.length || /[\s,.!:;-]$/.test(greetingMatch[0]))) {
    greeting = true;
    text = text.slice(greetingMatch[0].length);
  }
  const thanks = THANKS_ANYWHERE.test(text);
  for (let changed = true; changed; ) {
    changed = false;
    for (const lead of LEAD_INS) {
      const m = lead.exec(text);
      if (m && m[0].length > 0 && m[0].length < text.length) {
        text = text.slice(m[0].length);
        changed = true;
      }
    }
    const tail = TRAILING.exec(text);
    if (tail && tail.index > 0) {
      text = text.slice(0, tail.index);
      changed = true;
    }
  }
  text = text.replace(/[\s,;:-]+$/g, '').trim();
  const onlySmallTalk = text.length === 0 || (SIGN_OFF.test(text) && (thanks || greeting || /^(?:ok(?:ay)?|great|perfect|brilliant|lovely|cool|bye|got it)\b/i.test(text)));
  return { text: onlySmallTalk ? '' : expand(text), greeting, thanks, onlySmallTalk };
}

/** Word and phrase replacements only (used for utterances too, so training and reading agree). */
export function expand(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PHRASES) out = out.replace(pattern, replacement);
  out = out.replace(/[A-Za-z0-9']+/g, (word) => {
    const replacement = WORDS[word.toLowerCase()];
    if (replacement === undefined) return word;
    // "U" and "Wed" only as words on their own: never inside an identifier.
    return replacement;
  });
  // "2.2's status" and "the MTFP one's": the possessive is not part of the name.
  return out.replace(/(\w)'s\b/g, '$1');
}
