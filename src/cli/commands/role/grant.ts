import { type Command, InvalidArgumentError, Option } from 'commander'
import type { EnvironmentMode, ProjectPermissionLevel } from '../../../contract/index.ts'
import { environmentModes, projectPermissionLevels } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { usageError } from '../../errors.ts'
import { stdout, withSpinner } from '../../output.ts'
import { resolveCustomRole, resolveOrganization, resolveProject } from '../../resolve.ts'
import { renderGrid } from './grid.ts'

interface GrantOptions {
  org?: string
  project: string
  mode?: EnvironmentMode[]
  permission?: ProjectPermissionLevel
  admin?: boolean
  json?: boolean
}

/** Upper case, checked against `allowed`: what a person types in any case. */
const upperChoice =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): T => {
    const upper = value.toUpperCase() as T
    if (!allowed.includes(upper)) throw new InvalidArgumentError(`Allowed choices are ${allowed.join(', ')}.`)
    return upper
  }

/**
 * Sets one project's permission in a custom role, on one or more modes, or its admin flag, and
 * keeps every other grant of the role as it is (the API replaces the whole role: this reads it
 * first). Applies to the holders' next request.
 */
export function registerRoleGrant(role: Command) {
  const command = role
    .command('grant')
    .description(
      "Set a custom role's permission on a project's environment modes, or make it admin of the project",
    )
    .argument('<role>', 'the custom role, by name or id')
    .requiredOption('--project <id or name>', 'the project')
    .addOption(
      new Option('--mode <mode...>', 'the environment modes (repeat or list several)')
        .choices(environmentModes)
        .argParser((value: string, previous: EnvironmentMode[] | undefined) => [
          ...(previous ?? []),
          upperChoice(environmentModes)(value),
        ]),
    )
    .addOption(
      new Option('--permission <level>', 'on those modes: NO_ACCESS, VIEWER, DEPLOYER or MANAGER')
        .choices(projectPermissionLevels)
        .argParser(upperChoice(projectPermissionLevels)),
    )
    .option('--admin', 'MANAGER on every mode of the project, and editing or deleting it')
    .option('--no-admin', 'no longer admin of the project (its modes stay as they were shown)')
    .action(async (wanted: string, options: GrantOptions, cmd: Command) => {
      const hasModes = options.mode !== undefined && options.permission !== undefined
      if ((options.mode === undefined) !== (options.permission === undefined))
        throw usageError('Give --mode and --permission together (or --admin).')
      if (!hasModes && options.admin === undefined)
        throw usageError('Nothing to grant: give --mode and --permission, or --admin (or --no-admin).')
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const [target, project] = await withSpinner('Loading the role and the project', options, () =>
        Promise.all([
          resolveCustomRole(client, organization.id, wanted),
          resolveProject(client, organization.id, options.project),
        ]),
      )
      const current = await client.getOrganizationCustomRole({
        organizationId: organization.id,
        customRoleId: target.id,
      })
      const existing = current.project_permissions.find((p) => p.project_id === project.id)
      const levels = new Map<EnvironmentMode, ProjectPermissionLevel>(
        environmentModes.map((mode) => [
          mode,
          existing?.permissions.find((p) => p.environment_type === mode)?.permission ?? 'NO_ACCESS',
        ]),
      )
      for (const mode of options.mode ?? []) levels.set(mode, options.permission as ProjectPermissionLevel)
      const entry = {
        project_id: project.id,
        is_admin: options.admin ?? existing?.is_admin ?? false,
        permissions: [...levels].map(([environment_type, permission]) => ({ environment_type, permission })),
      }
      const others = current.project_permissions
        .filter((p) => p.project_id !== project.id)
        .map(({ project_id, is_admin, permissions }) => ({ project_id, is_admin, permissions }))
      const updated = await withSpinner('Saving the role', options, () =>
        client.editOrganizationCustomRole({
          organizationId: organization.id,
          customRoleId: target.id,
          body: {
            name: current.name,
            description: current.description,
            cluster_permissions: [],
            project_permissions: [...others, entry],
          },
        }),
      )
      if (options.json) return stdout.json(updated)
      stdout.line(renderGrid(updated))
    })
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse role grant web-ci --project web --mode STAGING --permission DEPLOYER',
    'gatehouse role grant web-ci --project web --mode DEVELOPMENT --mode PREVIEW --permission VIEWER',
    'gatehouse role grant web-ci --project web --admin',
    'gatehouse role grant web-ci --project web --mode PRODUCTION --permission NO_ACCESS',
  )
}
