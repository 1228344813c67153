import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerOrgCreate } from './create.ts'
import { registerOrgList } from './list.ts'
import { registerOrgUse } from './use.ts'

export function registerOrgCommands(program: Command) {
  const org = program.command('org').description('List, create and choose organizations')
  withExamples(org, 'gatehouse org list', 'gatehouse org create acme', 'gatehouse org use acme')
  registerOrgList(org)
  registerOrgCreate(org)
  registerOrgUse(org)
}
