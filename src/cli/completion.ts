import { readdirSync } from 'node:fs';
import { describeDeclaredOptions, type DeclaredOptions } from '../config/declared-options.js';
import { FORMATS, STRATEGIES, createParser } from './options.js';

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
  for (const name of [...declared.strings, ...declared.booleans]) words.add(`--${name}`);
  for (const name of declared.booleans) if (declared.defaults[name] === true) words.add(`--no-${name}`);
  return [...words].sort();
}

/**
 * A bash completion script, also usable from zsh through bashcompinit. Static on purpose: a TAB never
 * starts Node. Flags come from the parser's own declarations, so a new option is completed without an
 * edit here; `--profile` offers the sections of ~/.ncloud/configure.
 */
export function formatCompletionScript(declared: DeclaredOptions, choices: CompletionChoices): string {
  const valueFlags = [...declared.strings].map((n) => `--${n}`);
  const free = valueFlags.filter(
    (f) => ![...FILE_FLAGS, ...DIR_FLAGS, '--format', '--strategy', '--template', '--profile'].includes(f),
  );
  return `###-begin-nclue-report-completions-###
#
# nclue-report command completion for bash and zsh.
#
# Install (bash): nclue-report completion > ~/.local/share/bash-completion/completions/nclue-report
#     or add to ~/.bashrc: source <(nclue-report completion)
# Install (zsh):  add to ~/.zshrc, after compinit: source <(nclue-report completion)
#
if [ -n "\${ZSH_VERSION:-}" ]; then
  autoload -U +X bashcompinit && bashcompinit
fi

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
  else
    COMPREPLY=()
  fi
  return 0
}
complete -o default -F _nclue_report_completions nclue-report
###-end-nclue-report-completions-###
`;
}

/** `nclue-report completion`: the script for this version's parser and the templates installed with it. */
export function createCompletionScript(version: string): string {
  let templates: string[];
  try {
    templates = readdirSync(TEMPLATES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    templates = [];
  }
  return formatCompletionScript(describeDeclaredOptions(createParser(version)), {
    formats: FORMATS,
    strategies: STRATEGIES,
    templates,
  });
}
