import { type Command, Option } from 'commander'

/** Every command's --help ends with examples that can be pasted as they are. */
export function withExamples(command: Command, ...examples: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`)
}

export function withJson(command: Command): Command {
  return command.option('--json', 'print the result as JSON (for scripts)')
}

/** Call after withJson: the two ask for different output, so giving both is a usage error. */
export function withQuiet(command: Command, what: string): Command {
  return command.addOption(new Option('-q, --quiet', `print only ${what} (for scripts)`).conflicts('json'))
}

export function withOrg(command: Command): Command {
  return command.option(
    '--org <id or name>',
    "the organization (default: GATEHOUSE_TOKEN's own, the one chosen with `org use`, or your only one)",
  )
}

/** A command to suggest in a message, each word quoted for a POSIX shell when it needs it. */
export function commandLine(...words: string[]): string {
  return words
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ')
}

/** The --org a command was given, to repeat in a suggested command. */
export const orgFlag = (org: string | undefined): string[] => (org === undefined ? [] : ['--org', org])
