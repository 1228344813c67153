import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerMemberInvite } from './invite.ts'
import { registerMemberList } from './list.ts'
import { registerMemberRemove } from './remove.ts'
import { registerMemberSetRole } from './set-role.ts'

export function registerMemberCommands(program: Command) {
  const member = program.command('member').description("Manage an organization's members and invitations")
  withExamples(
    member,
    'gatehouse member list',
    'gatehouse member invite ada@example.com --role devops',
    'gatehouse member set-role ada@example.com admin',
    'gatehouse member remove ada@example.com --yes',
  )
  registerMemberList(member)
  registerMemberInvite(member)
  registerMemberSetRole(member)
  registerMemberRemove(member)
}
