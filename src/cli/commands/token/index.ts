import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerTokenCreate } from './create.ts'
import { registerTokenDelete } from './delete.ts'
import { registerTokenEdit } from './edit.ts'
import { registerTokenGet } from './get.ts'
import { registerTokenList } from './list.ts'
import { registerTokenRotate } from './rotate.ts'

export function registerTokenCommands(program: Command) {
  const token = program
    .command('token')
    .description("Create, list, read, edit, rotate and delete an organization's API tokens")
  withExamples(
    token,
    'gatehouse token create',
    'TOKEN=$(gatehouse token create --org acme --role devops --name ci --quiet)',
    'gatehouse token list --org acme',
    'gatehouse token get ci',
    'gatehouse token edit ci --expires-in 30d --allow-cidr 203.0.113.0/24',
    'gatehouse token rotate ci --grace 1h',
    'gatehouse token delete ci --org acme --yes',
  )
  registerTokenCreate(token)
  registerTokenList(token)
  registerTokenGet(token)
  registerTokenEdit(token)
  registerTokenRotate(token)
  registerTokenDelete(token)
}
