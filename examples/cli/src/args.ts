// SPDX-License-Identifier: Apache-2.0
// Command-line parsing with gzip's flags: clustered short options (-dc9), long options, `--`.
import { UacceArgumentError } from '@uacce/abi';

/** The @uacce/stream engine asked for with --engine. */
export type Engine = 'auto' | 'hardware' | 'software';
/** What the run does with its operands. */
export type Mode = 'compress' | 'decompress' | 'test' | 'list';

/** Everything the command line asked for. */
export interface CliOptions {
  mode: Mode;
  toStdout: boolean;
  keep: boolean;
  force: boolean;
  level: number;
  verbose: boolean;
  quiet: boolean;
  suffix: string;
  engine: Engine;
  /** -r: descend into directories. */
  recursive: boolean;
  /** -N (true) or -n (false); undefined: gzip's default (on decompression, neither name nor time restored). */
  name: boolean | undefined;
  help: boolean;
  version: boolean;
  /** GZIP held options and did not end quiet: gzip 1.12 then warns that the variable is deprecated. */
  environmentWarning: boolean;
  /** Operands; '-' (or none at all) means stdin. */
  files: string[];
}

/** A command line gzip would also reject (code ERR_INVALID_ARG_VALUE). */
function usageError(message: string): UacceArgumentError {
  return new UacceArgumentError('ERR_INVALID_ARG_VALUE', message);
}

const SHORT: Record<string, (options: CliOptions) => void> = {
  c: (o) => {
    o.toStdout = true;
  },
  d: (o) => {
    o.mode = 'decompress';
  },
  k: (o) => {
    o.keep = true;
  },
  f: (o) => {
    o.force = true;
  },
  t: (o) => {
    o.mode = 'test';
  },
  l: (o) => {
    o.mode = 'list';
  },
  v: (o) => {
    o.verbose = true;
    o.quiet = false;
  },
  q: (o) => {
    o.quiet = true;
    o.verbose = false;
  },
  r: (o) => {
    o.recursive = true;
  },
  h: (o) => {
    o.help = true;
  },
  V: (o) => {
    o.version = true;
  },
  // gzip's name options: -N restores the stored name and time on decompression; -n is the default
  // there, and this tool never stores a name when compressing.
  n: (o) => {
    o.name = false;
  },
  N: (o) => {
    o.name = true;
  },
};

/** What gzip 1.12 accepts in the GZIP environment variable (every other option is an error there). */
const ENVIRONMENT_OPTIONS = new Set(['n', 'N', 'q', 'v', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

const LONG: Record<string, string> = {
  stdout: 'c',
  'to-stdout': 'c',
  decompress: 'd',
  uncompress: 'd',
  keep: 'k',
  force: 'f',
  recursive: 'r',
  test: 't',
  list: 'l',
  verbose: 'v',
  quiet: 'q',
  help: 'h',
  version: 'V',
  'no-name': 'n',
  name: 'N',
  fast: '1',
  best: '9',
};

const ENGINES: readonly Engine[] = ['auto', 'hardware', 'software'];

function defaults(): CliOptions {
  return {
    mode: 'compress',
    toStdout: false,
    keep: false,
    force: false,
    level: 6,
    verbose: false,
    quiet: false,
    suffix: '.gz',
    engine: 'auto',
    recursive: false,
    name: undefined,
    help: false,
    version: false,
    environmentWarning: false,
    files: [],
  };
}

function applyShort(options: CliOptions, letter: string): void {
  if (/^[1-9]$/.test(letter)) {
    options.level = Number(letter);
    return;
  }
  const apply = SHORT[letter];
  if (!apply) throw usageError(`invalid option -- '${letter}'`);
  apply(options);
}

function applyValue(options: CliOptions, name: 'engine' | 'suffix', value: string | undefined): void {
  if (value === undefined || value === '') throw usageError(`option '--${name}' requires an argument`);
  if (name === 'suffix') {
    options.suffix = value;
    return;
  }
  if (!ENGINES.includes(value as Engine))
    throw usageError(`invalid engine '${value}' (auto, hardware, software)`);
  options.engine = value as Engine;
}

/** One long option (`--name` or `--name=value`); `next` supplies a detached value. */
function applyLong(options: CliOptions, arg: string, next: () => string | undefined): void {
  const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
  if (name === 'engine' || name === 'suffix') {
    applyValue(options, name, inline ?? next());
  } else if (LONG[name] && inline === undefined) {
    applyShort(options, LONG[name]);
  } else {
    throw usageError(`unrecognized option '${arg}'`);
  }
}

/** Parses argv (without node and the script); throws UacceArgumentError (ERR_INVALID_ARG_VALUE) on an unknown option. */
export function parseArgs(argv: readonly string[], environment?: string): CliOptions {
  const options = defaults();
  if (environment !== undefined) applyEnvironment(options, environment);
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') {
      options.files.push(...argv.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      applyLong(options, arg, () => argv[++index]);
    } else if (arg.startsWith('-') && arg !== '-') {
      for (let letter = 1; letter < arg.length; letter += 1) {
        if (arg[letter] === 'S') {
          applyValue(options, 'suffix', arg.slice(letter + 1) || argv[++index]);
          break;
        }
        applyShort(options, arg[letter]!);
      }
    } else {
      options.files.push(arg);
    }
  }
  return options;
}

/**
 * The GZIP environment variable as gzip 1.12 reads it: words separated by blanks, read before the
 * command line; only -n, -N, -q, -v, -1 to -9 (and their long names) are allowed there.
 */
function applyEnvironment(options: CliOptions, environment: string): void {
  const words = environment.split(/[ \t]+/).filter((word) => word !== '');
  const notAllowed = (shown: string) => usageError(`${shown}: option not valid in GZIP environment variable`);
  for (const word of words) {
    if (!word.startsWith('-') || word === '-')
      throw usageError(`${word}: non-option in GZIP environment variable`);
    if (word === '--') throw notAllowed('--');
    if (word.startsWith('--')) {
      const name = word.slice(2).split('=', 1)[0]!;
      if (LONG[name] === undefined && name !== 'engine' && name !== 'suffix')
        throw usageError(`unrecognized option '${word}'`);
      if (!ENVIRONMENT_OPTIONS.has(LONG[name] ?? '')) throw notAllowed(`--${name}`);
      applyLong(options, word, () => undefined);
      continue;
    }
    for (const letter of word.slice(1)) {
      if (letter !== 'S' && !/^[1-9]$/.test(letter) && SHORT[letter] === undefined)
        throw usageError(`invalid option -- '${letter}'`);
      if (!ENVIRONMENT_OPTIONS.has(letter)) throw notAllowed(`-${letter}`);
      applyShort(options, letter);
    }
  }
  options.environmentWarning = words.length > 0 && !options.quiet;
}

/** The --help text. */
export const USAGE = `Usage: uacce-gzip [OPTION]... [FILE]...
Compress or uncompress FILEs (by default, compress FILES in-place) on the HiSilicon ZIP
accelerator when one is available, in software otherwise.

  -c, --stdout      write on standard output, keep original files unchanged
  -d, --decompress  decompress
  -f, --force       force overwrite of output file and compress links;
                    with -cd, copy data that is not gzip through unchanged
  -h, --help        give this help
  -k, --keep        keep (don't delete) input files
  -l, --list        list compressed file contents
  -n, --no-name     do not restore the original name and timestamp (default)
  -N, --name        restore the original name and timestamp when decompressing
  -q, --quiet       suppress all warnings
  -r, --recursive   operate recursively on directories
  -S, --suffix=SUF  use suffix SUF on compressed files
  -t, --test        test compressed file integrity
  -v, --verbose     verbose mode: also the engine and the throughput
  -V, --version     display version number
  -1, --fast        compress faster
  -9, --best        compress better
      --engine=E    auto (default), hardware or software

With no FILE, or when FILE is -, read standard input.
`;
