import type { Command } from 'commander'
import { commandLine, orgFlag, withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { expiryFromFlags } from '../../durations.ts'
import { explainRefusal } from '../../errors.ts'
import { shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { askText, canPrompt, missing } from '../../prompts.ts'
import { callerRole, listRoles, resolveOrganization, resolveRole } from '../../resolve.ts'
import { withAddressFlags, withExpiryFlags } from '../../token-lifecycle-flags.ts'

interface CreateOptions {
  org?: string
  role?: string
  name?: string
  description?: string
  expiresIn?: string
  expiresAt?: string
  allowCidr?: string[]
  json?: boolean
  quiet?: boolean
}

/**
 * Creates an API token. Given --org, --role and --name it asks nothing (a script); on a terminal
 * it asks for what is missing, as Qovery's CLI does: organization (unless there is only one),
 * role, name, then description.
 */
export function registerTokenCreate(token: Command) {
  const command = token
    .command('create')
    .description('Create an API token; its value is shown once')
    .option('--role <name or id>', 'the role the token acts with: admin, devops, billing or viewer')
    .option('--name <name>', 'a name, unique in the organization')
    .option('--description <text>', 'what the token is for')
  withExpiryFlags(command, { canClear: false })
  withAddressFlags(command, { canClear: false })
  command.action(async (options: CreateOptions, cmd: Command) => {
    // A script learns of a missing detail before anything is sent.
    if (!canPrompt() && options.role === undefined)
      throw missing('--role', 'admin, devops, billing or viewer')
    if (!canPrompt() && options.name === undefined) throw missing('--name', 'a name for the token')
    const expiresAt = expiryFromFlags(options)
    const deleting = (token: string) =>
      commandLine('gatehouse', 'token', 'delete', token, ...orgFlag(options.org))
    const cli = contextFor(cmd)
    const client = cli.authenticated()
    const organization = await resolveOrganization(cli, client, options.org)
    const roles = await withSpinner('Loading roles', options, () => listRoles(client, organization.id))
    const askedSomething = options.role === undefined || options.name === undefined
    const role = await resolveRole(roles, options.role, () => callerRole(client, organization.id, roles))
    const name = options.name ?? (canPrompt() ? await askText('Name', { required: true }) : undefined)
    if (!name?.trim()) throw missing('--name', 'a name for the token')
    // The description is optional: asked only of a person already answering questions.
    const description =
      options.description ??
      (askedSomething && canPrompt() ? await askText('Description', { maxLength: 10_000 }) : '')
    const created = await withSpinner('Creating the token', options, () =>
      client.createOrganizationApiToken({
        organizationId: organization.id,
        body: {
          name,
          description,
          role_id: role.id,
          ...(expiresAt ? { expires_at: expiresAt } : {}),
          ...(options.allowCidr ? { allowed_cidrs: options.allowCidr } : {}),
        },
      }),
    ).catch(
      explainRefusal({
        name_taken: `An API token named "${name}" already exists: pick another name, or delete that one with \`${deleting(name)}\`.`,
      }),
    )
    if (options.json) return stdout.json(created)
    if (options.quiet) return stdout.line(created.token)
    stderr.warn('Copy this token now: it will not be shown again.')
    stdout.line(created.token)
    stderr.warn(
      `Token "${created.name}" (role ${created.role_name}, id ${created.id}${created.expires_at ? `, expires ${shortDate(created.expires_at)}` : ''}) cannot be read back later.`,
    )
  })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the token value')
  withExamples(
    command,
    'gatehouse token create',
    'TOKEN=$(gatehouse token create --org acme --role devops --name ci --quiet)',
    'gatehouse token create --org acme --role viewer --name dashboards --description "Grafana" --json',
    'gatehouse token create --role devops --name ci --expires-in 30d --allow-cidr 203.0.113.0/24',
  )
}
