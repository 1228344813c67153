import type { Command } from 'commander'
import { withExamples, withJson, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, stderr, stdout, withSpinner } from '../../output.ts'

export function registerOrgList(org: Command) {
  const command = org
    .command('list')
    .description('List your organizations (* marks the one chosen with `org use`)')
    .action(async (options: { json?: boolean; quiet?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const { results } = await withSpinner('Loading organizations', options, () =>
        cli.authenticated().listOrganization(),
      )
      if (options.json) return stdout.json(results)
      if (options.quiet) return stdout.lines(results.map((o) => o.id))
      if (results.length === 0) return stderr.line('No organization yet: `gatehouse org create <name>`.')
      const current = cli.rememberedOrganization?.id
      stdout.line(
        renderTable(results, [
          { header: ' ', value: (o) => (o.id === current ? '*' : ' ') },
          { header: 'NAME', value: (o) => o.name, shrinkable: true },
          { header: 'ID', value: (o) => o.id },
          { header: 'DESCRIPTION', value: (o) => o.description, shrinkable: true, drop: 1 },
        ]),
      )
    })
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse org list', "gatehouse org list --json | jq -r '.[].name'")
}
