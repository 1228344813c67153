import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerTokenCreate } from './create.ts'
import { registerTokenDelete } from './delete.ts'
import { registerTokenList } from './list.ts'

export function registerTokenCommands(program: Command) {
  const token = program.command('token').description("Create, list and delete an organization's API tokens")
  withExamples(
    token,
    'gatehouse token create',
    'TOKEN=$(gatehouse token create --org acme --role devops --name ci --quiet)',
    'gatehouse token list --org acme',
    'gatehouse token delete ci --org acme --yes',
  )
  registerTokenCreate(token)
  registerTokenList(token)
  registerTokenDelete(token)
}
