/**
 * Card templates and their data types cannot drift: every `${...}` binding in cards/*.json, at the
 * top level and inside `$data` loops, must be a field of the template's data interface (the
 * CardTemplates map in src/chat/types.ts, filled in beside each builder), and every template must
 * have an interface. The types are read with the TypeScript compiler, exactly as `tsc` sees them.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateNames } from '../../src/cards/render.js';
import { projectPath } from '../../src/paths.js';

/** The data types of every template, by name, as the compiler sees them once every builder is loaded. */
function cardTemplateTypes(): { checker: ts.TypeChecker; templates: Map<string, ts.Type> } {
  const config = ts.readConfigFile(projectPath('tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, projectPath());
  // The features' list reaches every module that builds a card.
  const program = ts.createProgram([projectPath('src', 'features', 'index.ts')], { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const kernel = program.getSourceFile(projectPath('src', 'chat', 'types.ts'))!;
  const map = checker.getExportsOfModule(checker.getSymbolAtLocation(kernel)!).find((s) => s.name === 'CardTemplates')!;
  const templates = new Map(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(map)).map((p) => [p.name, checker.getTypeOfSymbol(p)] as const));
  return { checker, templates };
}

/** The names an expression reads: `title`, `reported.rows`, `$root.roundId`; not functions or literals. */
function namesRead(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, ' ');
  return [...withoutStrings.matchAll(/(\$?[A-Za-z_]\w*(?:\.[A-Za-z_$]\w*)*)(\s*\()?/g)]
    .filter((m) => !m[2] && !['true', 'false', 'null'].includes(m[1]!))
    .map((m) => m[1]!);
}

function bindings(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => namesRead(m[1]!));
}

/**
 * Walks a template, resolving each name against the data in scope (the root, or the element of the
 * list a `$data` repeats over), and returns the names that are not fields of their type.
 */
function unknownBindings(checker: ts.TypeChecker, template: unknown, rootType: ts.Type): string[] {
  const problems: string[] = [];
  const describe = (type: ts.Type) => checker.typeToString(type);
  const field = (type: ts.Type, name: string): ts.Type | undefined => {
    const property = checker.getNonNullableType(type).getProperty(name);
    return property ? checker.getTypeOfSymbol(property) : undefined;
  };
  const elementOf = (type: ts.Type): ts.Type => {
    const list = checker.getNonNullableType(type);
    return checker.isArrayType(list) ? checker.getTypeArguments(list as ts.TypeReference)[0]! : list;
  };
  const open = (type: ts.Type): boolean => Boolean(checker.getNonNullableType(type).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) || Boolean(checker.getIndexInfosOfType(checker.getNonNullableType(type)).length);
  /** The type a name reads, or undefined (and a problem) when it is not there. */
  const resolve = (name: string, scope: ts.Type, where: string): ts.Type | undefined => {
    const [first, ...rest] = name.split('.');
    if (first === '$index') return undefined;
    let type: ts.Type | undefined = first === '$data' ? scope : first === '$root' ? rootType : field(scope, first!);
    if (!type) {
      if (!open(scope)) problems.push(`${where}: "${first}" is not a field of ${describe(scope)}`);
      return undefined;
    }
    for (const part of rest) {
      if (open(type)) return undefined;
      const next = field(type, part);
      if (!next) {
        problems.push(`${where}: "${name}" (${part}) is not a field of ${describe(type)}`);
        return undefined;
      }
      type = next;
    }
    return type;
  };
  const walk = (node: unknown, scope: ts.Type, where: string) => {
    if (typeof node === 'string') {
      for (const name of bindings(node)) resolve(name, scope, where);
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, scope, `${where}[${i}]`));
    } else if (node && typeof node === 'object') {
      let inner = scope;
      const repeat = (node as { $data?: unknown }).$data;
      if (typeof repeat === 'string') {
        const names = bindings(repeat);
        const over = names.length === 1 ? resolve(names[0]!, scope, `${where}.$data`) : undefined;
        for (const name of names.slice(1)) resolve(name, scope, `${where}.$data`);
        inner = over ? elementOf(over) : checker.getAnyType();
      }
      for (const [key, value] of Object.entries(node)) if (key !== '$data') walk(value, inner, `${where}.${key}`);
    }
  };
  walk(template, rootType, '');
  return problems;
}

describe('card templates and their data interfaces', () => {
  let types: ReturnType<typeof cardTemplateTypes>;
  beforeAll(() => {
    types = cardTemplateTypes();
  }, 60_000);

  it('every template in cards/ has a data interface, and every interface a template', () => {
    expect([...types.templates.keys()].sort()).toEqual(templateNames());
  });

  it('every binding of every template is a field of its data, in the scope it is used', () => {
    const problems = templateNames().flatMap((name) => {
      const template = JSON.parse(readFileSync(projectPath('cards', `${name}.json`), 'utf8'));
      const type = types.templates.get(name);
      return type ? unknownBindings(types.checker, template, type).map((p) => `${name}${p}`) : [];
    });
    expect(problems).toEqual([]);
  });

  it('finds a renamed field, at the top level and inside a loop (the check can fail)', () => {
    const message = types.templates.get('message')!;
    const renamed = { body: [{ type: 'TextBlock', text: '${heading}' }, { type: 'Container', $data: '${choices}', items: [{ type: 'TextBlock', text: '${label}' }] }] };
    expect(unknownBindings(types.checker, renamed, message)).toEqual([
      '.body[0].text: "heading" is not a field of MessageCardData',
      '.body[1].items[0].text: "label" is not a field of AskChoice',
    ]);
  });
});
