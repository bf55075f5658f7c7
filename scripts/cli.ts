/**
 * The command line shared by every tool in scripts/: node's util.parseArgs in strict mode, plus
 * the three answers a newcomer needs.
 *
 * - `--help` (or `-h`) prints the tool's usage to stdout and exits 0, before anything is read.
 * - An unknown option, a missing value or an unexpected argument: one line on stderr naming it,
 *   pointing at --help, exit 2. Nothing is read or written.
 * - `fail()`: any other refusal (an unknown person, a bad date) the same way.
 *
 * Only node:util here: tools parse their arguments before importing anything heavy, so `--help`
 * and a typo are answered at once.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Exit code for bad usage: nothing was read or changed. */
export const USAGE_EXIT = 2;

export interface CliSpec<O extends ParseArgsOptionsConfig> {
  /** How the tool is run, e.g. "npm run report" or "npx tsx scripts/ask.ts". Starts every error line. */
  command: string;
  /** The full usage text, printed by --help. */
  usage: string;
  options: O;
  /** How many positional arguments the tool takes (default none; Infinity for "any number"). */
  positionals?: number;
}

type WithHelp<O extends ParseArgsOptionsConfig> = O & { help: { type: 'boolean'; short: 'h' } };

/** Parses argv (default: process.argv after the script) or exits as described above. */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(spec: CliSpec<O>, argv: string[] = process.argv.slice(2)) {
  const config = {
    args: argv,
    options: { ...spec.options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>,
    strict: true as const,
    // Counted below, so that the refusal can say what was extra.
    allowPositionals: true as const,
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return fail(spec, describeParseError(error as Error & { code?: string }));
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${spec.usage.trimEnd()}\n`);
    process.exit(0);
  }
  const allowed = spec.positionals ?? 0;
  if (parsed.positionals.length > allowed) {
    const extra = parsed.positionals[allowed]!;
    return fail(spec, allowed === 0 ? `unexpected argument "${extra}": this command takes options only.` : `unexpected argument "${extra}".`);
  }
  return parsed;
}

function describeParseError(error: Error & { code?: string }): string {
  // Node quotes the option ("Unknown option '--foo'", "Option '--out <value>' argument missing").
  const quoted = /'([^']+)'/.exec(error.message)?.[1]?.replace(/ <value>$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? error.message}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // "Option '--out <value>' argument missing", or a value given to a flag.
      return /argument missing/.test(error.message) ? `${quoted ?? 'an option'} needs a value.` : `${error.message.replace(/\.$/, '')}.`;
    default:
      return error.message;
  }
}

/** One line on stderr (the command, the problem, where to look) and the exit code. */
export function fail(spec: Pick<CliSpec<ParseArgsOptionsConfig>, 'command'>, message: string, code = USAGE_EXIT): never {
  const help = spec.command.startsWith('npm run ') ? `${spec.command} -- --help` : `${spec.command} --help`;
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  process.stderr.write(`${spec.command}: ${sentence} See ${help}\n`);
  process.exit(code);
}

/** A person looked up by id (or email), or the one-line refusal that names what was given. */
export function personOrFail<P extends { id: string }>(
  spec: Pick<CliSpec<ParseArgsOptionsConfig>, 'command'>,
  option: string,
  given: string,
  found: P | undefined,
  where: string,
): P {
  if (found) return found;
  return fail(spec, `${option} "${given}": no such person in ${where}. Person ids look like "tilly-flanagan".`);
}
