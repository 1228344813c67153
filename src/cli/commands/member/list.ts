import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'

export function registerMemberList(member: Command) {
  const command = member
    .command('list')
    .description("List the organization's members, or its pending invitations")
    .option('--invitations', 'list the invitations instead')
    .action(
      async (
        options: { org?: string; invitations?: boolean; limit: number; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        if (options.invitations) {
          const { results, more } = await withSpinner('Loading invitations', options, () =>
            listUpTo(
              client,
              'getOrganizationInvitedMembers',
              { organizationId: organization.id },
              options.limit,
            ),
          )
          sayWhenCutShort(more, options.limit, 'invitations')
          if (options.json) return stdout.json(results)
          if (options.quiet) return stdout.lines(results.map((i) => i.id))
          return stdout.line(
            renderTable(results, [
              { header: 'EMAIL', value: (i) => i.email, shrinkable: true },
              { header: 'ROLE', value: (i) => i.role_name },
              // EXPIRED covers a used invitation too (Qovery's two statuses); accepted_at tells them apart.
              { header: 'STATUS', value: (i) => (i.accepted_at ? 'ACCEPTED' : i.invitation_status) },
              { header: 'SENT', value: (i) => shortDate(i.created_at), drop: 1 },
              { header: 'ID', value: (i) => i.id },
            ]),
          )
        }
        const { results, more } = await withSpinner('Loading members', options, () =>
          listUpTo(client, 'getOrganizationMembers', { organizationId: organization.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'members')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((m) => m.id))
        stdout.line(
          renderTable(results, [
            { header: 'NAME', value: (m) => m.name, shrinkable: true },
            { header: 'EMAIL', value: (m) => m.email, shrinkable: true },
            { header: 'ROLE', value: (m) => m.role_name },
            { header: 'LAST ACTIVE', value: (m) => shortDate(m.last_activity_at), drop: 1 },
            { header: 'ID', value: (m) => m.id },
          ]),
        )
      },
    )
  withLimit(command, 'members (or invitations)')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse member list --org acme', 'gatehouse member list --invitations --json')
}
