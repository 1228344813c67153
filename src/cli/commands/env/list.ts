import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization, resolveProject } from '../../resolve.ts'

export function registerEnvList(env: Command) {
  const command = env
    .command('list')
    .description("List a project's environments")
    .requiredOption('--project <id or name>', 'the project')
    .action(
      async (
        options: { org?: string; project: string; limit: number; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const project = await withSpinner('Loading the project', options, async () =>
          resolveProject(client, (await resolveOrganization(cli, client, options.org)).id, options.project),
        )
        const { results, more } = await withSpinner('Loading environments', options, () =>
          listUpTo(client, 'listEnvironment', { projectId: project.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'environments')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((e) => e.id))
        if (results.length === 0)
          return stderr.line('No environment yet: `gatehouse env create <name> --project ...`.')
        stdout.line(
          renderTable(results, [
            { header: 'NAME', value: (e) => e.name, shrinkable: true },
            { header: 'MODE', value: (e) => e.mode },
            { header: 'CREATED', value: (e) => shortDate(e.created_at), drop: 1 },
            { header: 'ID', value: (e) => e.id },
          ]),
        )
      },
    )
  withLimit(command, 'environments')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse env list --project web', 'gatehouse env list --project web --json')
}
