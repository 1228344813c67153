import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerRoleCreate } from './create.ts'
import { registerRoleDelete } from './delete.ts'
import { registerRoleGrant } from './grant.ts'
import { registerRoleList } from './list.ts'
import { registerRoleShow } from './show.ts'

export function registerRoleCommands(program: Command) {
  const role = program
    .command('role')
    .description('List roles; create, show, grant and delete custom roles scoped to projects and modes')
  withExamples(
    role,
    'gatehouse role list',
    'gatehouse role create web-ci --description "deploys web to staging"',
    'gatehouse role grant web-ci --project web --mode STAGING --permission DEPLOYER',
    'gatehouse role show web-ci',
  )
  registerRoleList(role)
  registerRoleCreate(role)
  registerRoleShow(role)
  registerRoleGrant(role)
  registerRoleDelete(role)
}
