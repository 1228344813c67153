import type { Command } from 'commander'
import { withExamples, withJson } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { findByIdOrName } from '../../resolve.ts'

/** Remembers an organization (checked against the server first) for commands given no --org. */
export function registerOrgUse(org: Command) {
  const command = org
    .command('use')
    .description('Choose the organization that commands use when given no --org')
    .argument('<org>', 'the organization, by id or name')
    .action(async (wanted: string, options: { json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const { results } = await withSpinner('Loading organizations', options, () =>
        cli.authenticated().listOrganization(),
      )
      const chosen = findByIdOrName(results, wanted, 'organization', 'see `gatehouse org list`')
      const organization = { id: chosen.id, name: chosen.name }
      // On another server than the stored session's, that session is dropped: it must never be
      // sent to a server that did not issue it.
      cli.updateConfig((config) =>
        config.api_url === cli.apiUrl ? { ...config, organization } : { api_url: cli.apiUrl, organization },
      )
      if (options.json) return stdout.json(chosen)
      stdout.line(`Using organization ${chosen.name} (${chosen.id}).`)
    })
  withJson(command)
  withExamples(command, 'gatehouse org use acme', 'gatehouse org use 3f1c2a9e-0b1d-4c6e-9a8f-2d7b5e4c1a00')
}
