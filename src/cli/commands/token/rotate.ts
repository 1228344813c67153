import type { Command } from 'commander'
import type { OrganizationApiTokenRotateRequest } from '../../../contract/index.ts'
import { commandLine, orgFlag, withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { expiryFromFlags, formatDuration, parseDuration } from '../../durations.ts'
import { explainRefusal, usageError } from '../../errors.ts'
import { shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { withExpiryFlags } from '../../token-lifecycle-flags.ts'
import { findToken } from './find.ts'

/** The API's bound on a grace period: a week. */
const MAX_GRACE_SECONDS = 7 * 24 * 3600

interface RotateOptions {
  org?: string
  grace?: string
  expiresIn?: string
  expiresAt?: string
  yes?: boolean
  json?: boolean
  quiet?: boolean
}

/** A new value for the same token, shown once; the old one works for --grace, then is refused. */
export function registerTokenRotate(token: Command) {
  const command = token
    .command('rotate')
    .description('Give an API token a new value, shown once; the old one keeps working for --grace')
    .argument('<token>', 'the token, by id or name')
    .option('--grace <duration>', 'how long the old value keeps working: 0 (default), 10m, 1h, up to 7d')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
  withExpiryFlags(command, { canClear: false })
  command.action(async (wanted: string, options: RotateOptions, cmd: Command) => {
    const grace = options.grace === undefined ? 0 : parseDuration(options.grace, '--grace')
    if (grace > MAX_GRACE_SECONDS) throw usageError('--grace is at most 7d (a week).')
    const body: OrganizationApiTokenRotateRequest = { grace_period_seconds: grace }
    const expiry = expiryFromFlags(options)
    if (expiry !== undefined) body.expires_at = expiry
    const cli = contextFor(cmd)
    const client = cli.authenticated()
    const organization = await resolveOrganization(cli, client, options.org)
    const target = await findToken(client, organization.id, wanted, options)
    await confirmOrRefuse(
      options.yes,
      `Rotate the API token "${target.name}"? Its current value ${grace === 0 ? 'stops working at once' : `keeps working for ${formatDuration(grace)}, then stops`}.`,
    )
    const rotated = await withSpinner('Rotating the token', options, () =>
      client.rotateOrganizationApiToken({ organizationId: organization.id, apiTokenId: target.id, body }),
    ).catch(
      explainRefusal({
        rotation_in_progress: `The API token "${target.name}" was rotated a moment ago and its previous value still works until ${shortDate(target.grace_period_ends_at)}: rotate again after that (\`${commandLine('gatehouse', 'token', 'get', target.name, ...orgFlag(options.org))}\` shows when).`,
      }),
    )
    if (options.json) return stdout.json(rotated)
    if (options.quiet) return stdout.line(rotated.token)
    stderr.warn('Copy this token now: it will not be shown again.')
    stdout.line(rotated.token)
    stderr.warn(
      rotated.grace_period_ends_at
        ? `The old value of "${rotated.name}" keeps working until ${shortDate(rotated.grace_period_ends_at)}.`
        : `The old value of "${rotated.name}" no longer works.`,
    )
  })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the new token value')
  withExamples(
    command,
    'gatehouse token rotate ci',
    'NEW=$(gatehouse token rotate ci --grace 1h --yes --quiet)',
    'gatehouse token rotate ci --expires-in 90d --yes',
  )
}
