import type { Command } from 'commander'
import type { OrganizationApiTokenEditRequest } from '../../../contract/index.ts'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { expiryFromFlags } from '../../durations.ts'
import { usageError } from '../../errors.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { listRoles, resolveOrganization, resolveRole } from '../../resolve.ts'
import { withAddressFlags, withExpiryFlags } from '../../token-lifecycle-flags.ts'
import { findToken } from './find.ts'
import { printToken } from './show.ts'

interface EditOptions {
  org?: string
  name?: string
  description?: string
  role?: string
  expiresIn?: string
  expiresAt?: string
  expiry?: boolean
  allowCidr?: string[]
  allowAnywhere?: boolean
  json?: boolean
}

/** Changes what is given and nothing else; never the value (`token rotate` does that). */
export function registerTokenEdit(token: Command) {
  const command = token
    .command('edit')
    .description("Change an API token's name, description, role, expiry or allowed addresses")
    .argument('<token>', 'the token, by id or name')
    .option('--name <name>', 'a new name')
    .option('--description <text>', 'a new description')
    .option('--role <name or id>', 'a new role (no more powerful than yours)')
  withExpiryFlags(command, { canClear: true })
  withAddressFlags(command, { canClear: true })
  command.action(async (wanted: string, options: EditOptions, cmd: Command) => {
    const body: OrganizationApiTokenEditRequest = {}
    if (options.name !== undefined) body.name = options.name
    if (options.description !== undefined) body.description = options.description
    const expiry = expiryFromFlags(options)
    if (expiry !== undefined) body.expires_at = expiry
    if (options.allowCidr) body.allowed_cidrs = options.allowCidr
    if (options.allowAnywhere) body.allowed_cidrs = []
    if (Object.keys(body).length === 0 && options.role === undefined)
      throw usageError(
        'Nothing to change: give --name, --description, --role, --expires-in, --expires-at, --no-expiry, --allow-cidr or --allow-anywhere.',
      )
    const cli = contextFor(cmd)
    const client = cli.authenticated()
    const organization = await resolveOrganization(cli, client, options.org)
    const target = await findToken(client, organization.id, wanted, options)
    if (options.role !== undefined) {
      const roles = await withSpinner('Loading roles', options, () => listRoles(client, organization.id))
      body.role_id = (await resolveRole(roles, options.role)).id
    }
    const edited = await withSpinner('Saving', options, () =>
      client.editOrganizationApiToken({ organizationId: organization.id, apiTokenId: target.id, body }),
    )
    if (options.json) return stdout.json(edited)
    stderr.line(`Saved the API token "${edited.name}".`)
    printToken(edited)
  })
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse token edit ci --expires-in 30d',
    'gatehouse token edit ci --allow-cidr 203.0.113.0/24 --allow-cidr 2001:db8::/32',
    'gatehouse token edit ci --role viewer --description "read-only now"',
    'gatehouse token edit ci --no-expiry --allow-anywhere',
  )
}
