import { readdirSync } from 'node:fs';
import type { DeclaredOptions } from '../config/declared-options.js';
import { UsageError } from '../core/errors.js';
import { FORMATS, STRATEGIES } from '../core/formats.js';
import {
  COMPLETION_SHELLS,
  OPTION_SPECS,
  describeOptionTable,
  type CompletionShell,
} from './option-table.js';

/** The built-in report templates shipped in the package (`templates/*.json`). */
const TEMPLATES_DIR = new URL('../../templates/', import.meta.url);

export interface CompletionChoices {
  /** Words offered after `--format` (comma-joined combinations are typed by hand). */
  formats: readonly string[];
  /** Words offered after `--strategy`. */
  strategies: readonly string[];
  /** Built-in templates offered after `--template`, besides file names. */
  templates: readonly string[];
}

/** Flags whose value is a file: left to the shell's own file-name completion. */
const FILE_FLAGS = ['--ids', '--config', '--compare'];
/** Flags whose value is a folder. */
const DIR_FLAGS = ['--out'];

/** Every word that may start an option, sorted: `--x` for each flag, `--no-x` for booleans that default to true. */
export function listCompletionWords(declared: DeclaredOptions): string[] {
  const words = new Set<string>(['--help', '--version']);
  // Single letters are short aliases (-h), not long flags.
  for (const name of [...declared.strings, ...declared.booleans]) if (name.length > 1) words.add(`--${name}`);
  for (const name of declared.booleans) if (declared.defaults[name] === true) words.add(`--no-${name}`);
  return [...words].sort();
}

/**
 * A bash completion script. Static on purpose: a TAB never
 * starts Node. Flags come from the option table the parser is built from, so a new option is completed
 * without an edit here; `--profile` offers the sections of ~/.ncloud/configure.
 */
export function formatCompletionScript(declared: DeclaredOptions, choices: CompletionChoices): string {
  const valueFlags = [...declared.strings].map((n) => `--${n}`);
  const free = valueFlags.filter(
    (f) => ![...FILE_FLAGS, ...DIR_FLAGS, '--format', '--strategy', '--template', '--profile'].includes(f),
  );
  return `###-begin-nclue-report-completions-###
#
# nclue-report command completion for bash (zsh and fish: nclue-report completion zsh|fish).
#
# Install: nclue-report completion bash > ~/.local/share/bash-completion/completions/nclue-report
#     or add to ~/.bashrc: source <(nclue-report completion bash)
#
_nclue_report_completions() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # --flag=value: bash splits at "=", so the flag is one word further back.
  if [ "$cur" = "=" ]; then
    cur=""
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    prev="\${COMP_WORDS[COMP_CWORD-2]}"
  fi
  case "$prev" in
    ${FILE_FLAGS.join('|')})
      COMPREPLY=()
      return 0
      ;;
    ${DIR_FLAGS.join('|')})
      COMPREPLY=( $(compgen -d -- "$cur") )
      return 0
      ;;
    --format)
      COMPREPLY=( $(compgen -W "${choices.formats.join(' ')} ${choices.formats.join(',')}" -- "$cur") )
      return 0
      ;;
    --strategy)
      COMPREPLY=( $(compgen -W "${choices.strategies.join(' ')}" -- "$cur") )
      return 0
      ;;
    --template)
      COMPREPLY=( $(compgen -W "${choices.templates.join(' ')}" -- "$cur") $(compgen -f -- "$cur") )
      return 0
      ;;
    --profile)
      local file="\${HOME}/.ncloud/configure"
      if [ -r "$file" ]; then
        COMPREPLY=( $(compgen -W "$(sed -n 's/^[[:space:]]*\\[\\([^]]*\\)\\].*/\\1/p' "$file")" -- "$cur") )
      fi
      return 0
      ;;
${
  free.length === 0
    ? ''
    : `    ${free.join('|')})
      COMPREPLY=()
      return 0
      ;;
`
}  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "${listCompletionWords(declared).join(' ')}" -- "$cur") )
  elif [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "completion" -- "$cur") )
  elif [ "$COMP_CWORD" -eq 2 ] && [ "\${COMP_WORDS[1]}" = "completion" ]; then
    COMPREPLY=( $(compgen -W "${COMPLETION_SHELLS.join(' ')}" -- "$cur") )
  else
    COMPREPLY=()
  fi
  return 0
}
complete -o default -F _nclue_report_completions nclue-report
###-end-nclue-report-completions-###
`;
}

/** The description of a flag, for shells that show one (zsh, fish); quotes and brackets removed. */
function describeFlag(name: string): string {
  const spec = OPTION_SPECS.find((s) => s.name === name);
  return (spec?.describe ?? '').replace(/['"[\]:\\$`]/g, '').replace(/\s+/g, ' ');
}

/**
 * A native zsh script (`#compdef`, `_arguments`), registered with `compdef` so that sourcing it from
 * ~/.zshrc works as well as placing it in a folder of $fpath.
 */
export function formatZshCompletionScript(declared: DeclaredOptions, choices: CompletionChoices): string {
  const specs: string[] = [];
  for (const name of [...declared.strings].sort()) {
    const action =
      name === 'format'
        ? `(${choices.formats.join(' ')})`
        : name === 'strategy'
          ? `(${choices.strategies.join(' ')})`
          : name === 'template'
            ? `{_alternative 'templates:template:(${choices.templates.join(' ')})' 'files:file:_files'}`
            : name === 'out'
              ? '_directories'
              : name === 'profile'
                ? `{_values profile \${(f)"$(sed -n 's/^[[:space:]]*\\[\\([^]]*\\)\\].*/\\1/p' ~/.ncloud/configure 2>/dev/null)"}}`
                : FILE_FLAGS.includes(`--${name}`)
                  ? '_files'
                  : ' ';
    specs.push(`    '--${name}=[${describeFlag(name)}]:${name}:${action}'`);
  }
  for (const name of [...declared.booleans].filter((n) => n.length > 1).sort()) {
    specs.push(`    '--${name}[${describeFlag(name)}]'`);
    if (declared.defaults[name] === true) specs.push(`    '--no-${name}[turn off --${name}]'`);
  }
  specs.push(`    '-h[show this help]'`);
  return `#compdef nclue-report
#
# nclue-report command completion for zsh.
#
# Install: add to ~/.zshrc, after compinit: source <(nclue-report completion zsh)
#     or:  nclue-report completion zsh > "\${fpath[1]}/_nclue-report"
#
_nclue_report() {
  _arguments -s \\
${specs.join(' \\\n')} \\
    '1:command or task id:(completion)' \\
    '*:task id: '
}
if [ "\${funcstack[1]:-}" = "_nclue_report" ]; then
  _nclue_report "$@"
else
  compdef _nclue_report nclue-report
fi
`;
}

/** A fish script: one `complete` line per flag, values offered where they are known. */
export function formatFishCompletionScript(declared: DeclaredOptions, choices: CompletionChoices): string {
  const lines: string[] = [];
  const quote = (text: string): string => `'${text.replace(/'/g, '')}'`;
  for (const name of [...declared.strings].sort()) {
    const values =
      name === 'format'
        ? ` -xa ${quote([...choices.formats, choices.formats.join(',')].join(' '))}`
        : name === 'strategy'
          ? ` -xa ${quote(choices.strategies.join(' '))}`
          : name === 'template'
            ? ` -rFa ${quote(choices.templates.join(' '))}`
            : name === 'out'
              ? ` -xa '(__fish_complete_directories)'`
              : name === 'profile'
                ? ` -xa "(sed -n 's/^[[:space:]]*\\[\\([^]]*\\)\\].*/\\1/p' ~/.ncloud/configure 2>/dev/null)"`
                : FILE_FLAGS.includes(`--${name}`)
                  ? ' -rF'
                  : ' -x';
    lines.push(`complete -c nclue-report -l ${name}${values} -d ${quote(describeFlag(name))}`);
  }
  for (const name of [...declared.booleans].filter((n) => n.length > 1).sort()) {
    lines.push(`complete -c nclue-report -l ${name} -d ${quote(describeFlag(name))}`);
    if (declared.defaults[name] === true)
      lines.push(`complete -c nclue-report -l no-${name} -d ${quote(`turn off --${name}`)}`);
  }
  lines.push(`complete -c nclue-report -s h -d 'show this help'`);
  lines.push(
    `complete -c nclue-report -n '__fish_use_subcommand' -a completion -d 'print a shell completion script'`,
  );
  lines.push(
    `complete -c nclue-report -n '__fish_seen_subcommand_from completion' -xa ${quote(COMPLETION_SHELLS.join(' '))}`,
  );
  return `# nclue-report command completion for fish.
#
# Install: nclue-report completion fish > ~/.config/fish/completions/nclue-report.fish
#
${lines.join('\n')}
`;
}

/** Whether `shell` is one `completion` writes a script for. */
export function isCompletionShell(shell: string): shell is CompletionShell {
  return (COMPLETION_SHELLS as readonly string[]).includes(shell);
}

function readTemplateNames(): string[] {
  try {
    return readdirSync(TEMPLATES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * `nclue-report completion [SHELL]`: the script for this version's options and the templates installed
 * with it. A shell without a script is a usage error (exit 2), never another shell's script. Made from
 * the option table, not the yargs parser: `source <(nclue-report completion bash)` runs in every new
 * shell, so it loads as little as --help does.
 */
export function createCompletionScript(shell = 'bash'): string {
  if (!isCompletionShell(shell)) {
    throw new UsageError(
      `no completion script for ${JSON.stringify(shell)}: choose one of ${COMPLETION_SHELLS.join(', ')}`,
    );
  }
  const declared = describeOptionTable();
  const choices = { formats: FORMATS, strategies: STRATEGIES, templates: readTemplateNames() };
  if (shell === 'zsh') return formatZshCompletionScript(declared, choices);
  if (shell === 'fish') return formatFishCompletionScript(declared, choices);
  return formatCompletionScript(declared, choices);
}
