import { Command } from 'commander'
import { registerDeploy } from './commands/deploy.ts'
import { registerDeploymentCommands } from './commands/deployment/index.ts'
import { registerEnvCommands } from './commands/env/index.ts'
import { registerLogin } from './commands/login.ts'
import { registerLogout } from './commands/logout.ts'
import { registerMemberCommands } from './commands/member/index.ts'
import { registerOrgCommands } from './commands/org/index.ts'
import { registerProjectCommands } from './commands/project/index.ts'
import { registerRoleCommands } from './commands/role/index.ts'
import { registerSignup } from './commands/signup.ts'
import { registerTokenCommands } from './commands/token/index.ts'
import { registerTrustCommands } from './commands/trust/index.ts'
import { registerWebhookCommands } from './commands/webhook/index.ts'
import { registerWhoami } from './commands/whoami.ts'
import { CLI_VERSION, DEFAULT_API_URL } from './context.ts'
import { oneLine } from './errors.ts'

/**
 * The whole command tree. Settings made here (exit override, one-line errors) are inherited by
 * every subcommand because each is created with `.command()` after they are set.
 */
export function createProgram(): Command {
  const program = new Command('gatehouse')
    .description('Manage Gatehouse organizations, members and API tokens from a terminal or a script.')
    .version(CLI_VERSION, '-V, --version')
    .option(
      '--api-url <url>',
      `the Gatehouse API; a bare server address means its /api (env GATEHOUSE_API_URL; default ${DEFAULT_API_URL})`,
    )
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(`${oneLine(message)}\n`) })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText(
      'after',
      `
Environment:
  GATEHOUSE_TOKEN    an organization API token (gtok_...) to use instead of a login
  GATEHOUSE_API_URL  the Gatehouse API
  NO_COLOR           no colour in the output

Examples:
  $ gatehouse signup
  $ gatehouse login
  $ gatehouse token create --org acme --role devops --name ci --quiet
  $ GATEHOUSE_TOKEN=gtok_... gatehouse whoami`,
    )
  registerSignup(program)
  registerLogin(program)
  registerLogout(program)
  registerWhoami(program)
  registerOrgCommands(program)
  registerTokenCommands(program)
  registerTrustCommands(program)
  registerWebhookCommands(program)
  registerMemberCommands(program)
  registerRoleCommands(program)
  registerProjectCommands(program)
  registerEnvCommands(program)
  registerDeploy(program)
  registerDeploymentCommands(program)
  return program
}

/**
 * Whether the command line runs `deploy`, whose --version is the version to deploy. Commander
 * gives a program's own option (its --version flag) precedence wherever it appears; with
 * positional options the ones after `deploy` are deploy's own (it repeats --api-url for that).
 */
export function namesWhatToDeploy(argv: string[]): boolean {
  const words = argv.slice(2)
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    if (word === '--api-url') i++
    else if (!word.startsWith('-')) return word === 'deploy'
  }
  return false
}
