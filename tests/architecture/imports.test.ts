/**
 * The house rules of docs/architecture.md, checked on the import graph of src/: no import loops;
 * the domain imports nothing of ours outside it; the chat kernel knows no feature and no shell;
 * features never reach up into the Teams shell or the composition root, and depend on each other
 * only where the domain does; the outbound pipeline and the store know no feature.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

const SRC = projectPath('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** file (relative to src/) -> the files of ours it imports (relative to src/). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)]
      .map((m) => path.resolve(path.dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'))
      .map((target) => path.relative(SRC, target));
    graph.set(path.relative(SRC, file), [...new Set(targets)]);
  }
  return graph;
}

/** The part of the house a file belongs to: "features/call-in", "chat", "domain", "app.ts", ... */
function partOf(file: string): string {
  const [first, second] = file.split('/');
  if (first === 'features' && second && second !== 'index.ts') return `features/${second}`;
  return first!;
}

/** Tarjan's strongly connected components: every loop of two or more files. */
function loops(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

function crossings(graph: Map<string, string[]>, from: (part: string) => boolean, allowed: (to: string, fromPart: string) => boolean): string[] {
  const bad: string[] = [];
  for (const [file, targets] of graph) {
    const part = partOf(file);
    if (!from(part)) continue;
    for (const target of targets) {
      const to = partOf(target);
      if (to !== part && !allowed(to, part)) bad.push(`${file} -> ${target}`);
    }
  }
  return bad;
}

/** Where one feature may use another: only where the domain does. */
const FEATURE_DEPENDENCIES: Record<string, readonly string[]> = {
  'features/call-in': ['features/committees'], // which committee and council a question is about
  'features/committees': ['features/actions'], // a topic may be an action in a plan
  'features/updates': ['features/actions'], // an update is to an action
  'features/rounds': ['features/updates'], // a round's answers are progress updates
};

const PLATFORM = new Set(['config.ts', 'log.ts', 'clock.ts', 'paths.ts']);

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('has no loops', () => {
    expect(loops(graph)).toEqual([]);
  });

  it('domain/ imports nothing of ours outside it', () => {
    expect(crossings(graph, (p) => p === 'domain', () => false)).toEqual([]);
  });

  it('the chat kernel imports only the domain', () => {
    expect(crossings(graph, (p) => p === 'chat', (to) => to === 'domain')).toEqual([]);
  });

  it('features never import the Teams shell, the composition root or the process', () => {
    const allowed = (to: string, from: string) =>
      ['chat', 'domain', 'store', 'outbound', 'directory', 'cards', 'feature.ts', ...PLATFORM].includes(to) || (FEATURE_DEPENDENCIES[from] ?? []).includes(to);
    expect(crossings(graph, (p) => p.startsWith('features/'), allowed)).toEqual([]);
  });

  it('the outbound pipeline, the store and the directory know no feature and no shell', () => {
    expect(crossings(graph, (p) => p === 'outbound', (to) => ['chat', 'domain', 'store', ...PLATFORM].includes(to))).toEqual([]);
    expect(crossings(graph, (p) => p === 'store', (to) => ['domain', ...PLATFORM].includes(to))).toEqual([]);
    expect(crossings(graph, (p) => p === 'directory', (to) => PLATFORM.has(to))).toEqual([]);
  });

  it('finds a loop and a forbidden import when there is one (the checks can fail)', () => {
    const bad = new Map<string, string[]>([
      ['chat/router.ts', ['features/actions/intents.ts']],
      ['features/actions/intents.ts', ['chat/router.ts']],
    ]);
    expect(loops(bad)).toEqual([['chat/router.ts', 'features/actions/intents.ts']]);
    expect(crossings(bad, (p) => p === 'chat', (to) => to === 'domain')).toEqual(['chat/router.ts -> features/actions/intents.ts']);
  });
});
