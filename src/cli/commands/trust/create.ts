import type { Command } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { explainRefusal, usageError } from '../../errors.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { missing } from '../../prompts.ts'
import { listRoles, resolveOrganization, resolveRole } from '../../resolve.ts'
import { describeTrust, ISSUER_PRESETS } from './words.ts'

interface CreateOptions {
  org?: string
  name?: string
  issuer?: string
  audience?: string
  repository?: string
  projectPath?: string
  ref?: string
  environment?: string
  condition: string[]
  role?: string
  lifetime?: string
  json?: boolean
  quiet?: boolean
}

const collect = (value: string, previous: string[]) => [...previous, value]

/** Creates a trust from flags only: it decides who gets tokens, so nothing is guessed or asked. */
export function registerTrustCreate(trust: Command) {
  const command = trust
    .command('create')
    .description('Trust the ID tokens of some CI jobs (owner, admin)')
    .option('--name <name>', 'a name, unique in the organization')
    .option('--issuer <github|gitlab|url>', 'GitHub Actions, gitlab.com, or an issuer URL the server accepts')
    .option('--repository <owner/repo>', "GitHub: the job's repository (a * glob after the owner: acme/*)")
    .option('--project-path <group/project>', "GitLab: the job's project path")
    .option('--ref <ref>', 'the branch or tag: refs/heads/main on GitHub, main on GitLab (* globs allowed)')
    .option('--environment <name>', "the job's deployment environment")
    .option('--condition <claim=value>', 'any other claim to match, repeatable', collect, [])
    .option('--role <name or id>', 'the role of the tokens issued: admin, devops, billing or viewer')
    .option('--audience <aud>', "the ID token's audience (default: the server's public URL)")
    .option('--lifetime <seconds>', 'how long an issued token lives, 60 to 3600 (default 900)')
    .action(async (options: CreateOptions, cmd: Command) => {
      if (!options.name) throw missing('--name', 'a name for the trust')
      if (!options.issuer) throw missing('--issuer', 'github, gitlab or an issuer URL')
      if (!options.role) throw missing('--role', 'admin, devops, billing or viewer')
      const conditions = conditionsOf(options)
      const lifetime = options.lifetime === undefined ? undefined : Number(options.lifetime)
      if (lifetime !== undefined && !/^\d+$/.test(options.lifetime ?? ''))
        throw usageError('--lifetime must be a number of seconds, 60 to 3600.')
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const roles = await withSpinner('Loading roles', options, () => listRoles(client, organization.id))
      const role = await resolveRole(roles, options.role)
      const created = await withSpinner('Creating the trust', options, () =>
        client.createOidcTrust({
          organizationId: organization.id,
          body: {
            name: options.name as string,
            issuer: ISSUER_PRESETS[options.issuer as string] ?? (options.issuer as string),
            conditions,
            role_id: role.id,
            ...(options.audience ? { audience: options.audience } : {}),
            ...(lifetime !== undefined ? { token_lifetime_seconds: lifetime } : {}),
          },
        }),
      ).catch(explainRefusal({ name_taken: `A trust named "${options.name}" already exists.` }))
      if (options.json) return stdout.json(created)
      if (options.quiet) return stdout.line(created.id)
      stderr.line(`Created the trust "${created.name}": ${describeTrust(created)}.`)
      stderr.line(
        `A job exchanges its ID token with: gatehouse login --oidc --org ${organization.id} --audience ${created.audience}`,
      )
    })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the id')
  withExamples(
    command,
    'gatehouse trust create --name deploy-main --issuer github --repository acme/web --ref refs/heads/main --role devops',
    "gatehouse trust create --name releases --issuer github --condition 'sub=repo:acme/web:ref:refs/tags/v*' --role devops",
    'gatehouse trust create --name gitlab-main --issuer gitlab --project-path acme/web --ref main --condition ref_protected=true --role viewer --lifetime 300',
  )
}

function conditionsOf(options: CreateOptions): Record<string, string> {
  const conditions: Record<string, string> = {}
  if (options.repository) conditions.repository = options.repository
  if (options.projectPath) conditions.project_path = options.projectPath
  if (options.ref) conditions.ref = options.ref
  if (options.environment) conditions.environment = options.environment
  for (const pair of options.condition) {
    const equals = pair.indexOf('=')
    if (equals < 1) throw usageError(`--condition takes claim=value, got "${pair}".`)
    conditions[pair.slice(0, equals)] = pair.slice(equals + 1)
  }
  if (!conditions.repository && !conditions.project_path && !conditions.sub)
    throw usageError('Say which jobs: --repository, --project-path, or --condition sub=...')
  return conditions
}
