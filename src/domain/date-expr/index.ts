/**
 * Target dates as councils write them: "Ongoing", "TBC", "2021 (TBC)", "Early 21 (TBC)",
 * "Oct 20 (Launch) Jan 21 (allocation)", "by the end of June", "during 2021/22", "3/7/20", ...
 *
 * A date is an expression, not a date (docs/domain.md §2.7): we keep the text as written in `raw`,
 * parse it with a small set of readable rules, and answer "when is it due?" from the parsed form.
 * Anything the rules do not understand is `null`, never a guess.
 *
 * Pure: the reference (document) date is always passed in; nothing here reads the clock.
 */
// The rules live in one module per job; this file is the public entry point the rest of the code imports.
//   date-expr-vocabulary.ts  month/weekday/season words, TBC markers, relative phrases, qualifiers
//   date-expr-parse.ts       whole cells: milestones, decorations, qualifiers (parseDateExpr)
//   date-expr-bare-date.ts   the date itself: the grammar rules, most specific first, and chrono as fallback
//   date-expr-periods.ts     first and due day of a target (dueDateOf, startDateOf)
//   date-expr-describe.ts    plain UK English (formatDateExpr, describePrecision, isTentative)
//   date-expr-equality.ts    same target however written (dateExprEquals)
//   date-expr-find.ts        dates inside text (findTargetInTitle, findUkDatesInText)
export { parseDateExpr, type DateExprParseContext } from './parse.js';
export { dueDateOf, startDateOf } from './periods.js';
export { describePrecision, formatDateExpr, isTentative } from './describe.js';
export { dateExprEquals } from './equality.js';
export { findTargetInTitle, findUkDatesInText } from './find.js';
