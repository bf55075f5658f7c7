/**
 * The themes (or sections) a spreadsheet import files its actions under: found by the row's theme
 * cell, the heading above it or its number prefix, and created when the plan has none that fits.
 */
import { Theme, type Action } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import { slug } from '../owners.js';
import type { ParsedRow } from './rows.js';

// ---------------------------------------------------------------------------------------------
// Themes and sections
// ---------------------------------------------------------------------------------------------

/** Finds or creates the theme a row belongs to: its theme cell, the heading above it, or its number prefix. */
export class ThemeBook {
  readonly created: Theme[] = [];
  private readonly themes: Theme[];
  private readonly usedIds: Set<string>;

  constructor(snapshot: Snapshot, private readonly planId: string) {
    this.themes = [...snapshot.themesOf(planId)];
    this.usedIds = new Set(snapshot.data.themes.map((t) => t.id));
  }

  idFor(parsed: ParsedRow, current: Action | undefined): string | undefined {
    if (parsed.theme) return this.byText(parsed.theme, parsed.themeFromHeading ? 'section' : 'theme');
    // CIP numbering: action 8.6 is in theme 8, when the plan has a theme 8.
    const prefix = parsed.number ? /^(\d+)\./.exec(parsed.number)?.[1] : undefined;
    if (prefix && !current?.themeId) return this.themes.find((t) => t.number === Number(prefix))?.id;
    return undefined;
  }

  private byText(text: string, kind: 'theme' | 'section'): string {
    const numbered = /^(?:theme|section|workstream|priority)?\s*(\d+)\s*[:.)\-–]?\s*(.*)$/i.exec(text);
    const number = numbered ? Number(numbered[1]) : undefined;
    const name = (numbered ? numbered[2]! : text).trim() || undefined;
    const folded = name?.toLowerCase();
    const found =
      (folded ? this.themes.find((t) => t.name?.toLowerCase() === folded) : undefined) ??
      (number !== undefined ? this.themes.find((t) => t.number === number) : undefined);
    if (found) return found.id;
    let id = `${this.planId}-${number !== undefined && !name ? `t${number}` : `t-${slug(name ?? text) || 'theme'}`}`;
    for (let n = 2; this.usedIds.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
    this.usedIds.add(id);
    const theme = Theme.parse({ id, planId: this.planId, number, name, kind, basis: 'from a spreadsheet import' });
    this.themes.push(theme);
    this.created.push(theme);
    return id;
  }
}
