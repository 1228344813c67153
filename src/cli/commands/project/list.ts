import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'

export function registerProjectList(project: Command) {
  const command = project
    .command('list')
    .description("List the organization's projects")
    .action(
      async (options: { org?: string; limit: number; json?: boolean; quiet?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results, more } = await withSpinner('Loading projects', options, () =>
          listUpTo(client, 'listProject', { organizationId: organization.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'projects')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((p) => p.id))
        if (results.length === 0) return stderr.line('No project yet: `gatehouse project create <name>`.')
        stdout.line(
          renderTable(results, [
            { header: 'NAME', value: (p) => p.name, shrinkable: true },
            { header: 'CREATED', value: (p) => shortDate(p.created_at), drop: 2 },
            { header: 'ID', value: (p) => p.id },
            { header: 'DESCRIPTION', value: (p) => p.description, shrinkable: true, drop: 1 },
          ]),
        )
      },
    )
  withLimit(command, 'projects')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse project list --org acme', 'gatehouse project list --json')
}
