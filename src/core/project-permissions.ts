import type { Action } from './actions.ts'
import { type EnvironmentMode, environmentModes } from './environment-modes.ts'

/**
 * Qovery's custom roles: a permission per project and per environment mode, from the lowest to
 * the highest. Each level includes the ones below it. No I/O here.
 * - VIEWER: read the project and its environments of that mode (and their deployments);
 * - DEPLOYER: VIEWER, and request deployments of those environments;
 * - MANAGER: DEPLOYER, and create, edit and delete environments of that mode.
 * `is_admin` on a project is MANAGER on every mode, and editing or deleting the project itself.
 */
export const projectPermissionLevels = ['NO_ACCESS', 'VIEWER', 'DEPLOYER', 'MANAGER'] as const
export type ProjectPermissionLevel = (typeof projectPermissionLevels)[number]

/** What a custom role may do in one project. */
export interface ProjectGrant {
  isAdmin: boolean
  modes: Readonly<Record<EnvironmentMode, ProjectPermissionLevel>>
}

/** A custom role's grants by project id; a project not in it (new ones included) is NO_ACCESS. */
export type ProjectGrants = ReadonlyMap<string, ProjectGrant>

const rank = (level: ProjectPermissionLevel) => projectPermissionLevels.indexOf(level)

/** The level on a mode, admin meaning MANAGER everywhere; no grant at all is NO_ACCESS. */
export function levelOn(grant: ProjectGrant | undefined, mode: EnvironmentMode): ProjectPermissionLevel {
  if (!grant) return 'NO_ACCESS'
  return grant.isAdmin ? 'MANAGER' : grant.modes[mode]
}

export function atLeast(level: ProjectPermissionLevel, floor: ProjectPermissionLevel): boolean {
  return rank(level) >= rank(floor)
}

/** A project is visible with admin or VIEWER (or more) on any of its modes. */
export function seesProject(grant: ProjectGrant | undefined): boolean {
  return environmentModes.some((mode) => atLeast(levelOn(grant, mode), 'VIEWER'))
}

/** The modes whose environments are visible in a project (none: the project is invisible). */
export function visibleModes(grant: ProjectGrant | undefined): EnvironmentMode[] {
  return environmentModes.filter((mode) => atLeast(levelOn(grant, mode), 'VIEWER'))
}

/** The level a project-scoped action needs on each mode it touches. */
const levelNeeded: Partial<Record<Action, ProjectPermissionLevel>> = {
  'projects:read': 'VIEWER',
  'deployments:create': 'DEPLOYER',
  'projects:write': 'MANAGER',
}

/** The actions a custom role can ever allow inside a project; every other action it never has. */
export function isProjectScoped(action: Action): boolean {
  return levelNeeded[action] !== undefined
}

/**
 * Whether a grant allows `action` on the given modes of its project. With no mode, the action is
 * on the project itself: reading it needs it visible, writing it (edit, delete) needs is_admin.
 */
export function grantAllows(
  grant: ProjectGrant | undefined,
  action: Action,
  modes: readonly EnvironmentMode[],
): boolean {
  const needed = levelNeeded[action]
  if (!needed) return false
  if (modes.length === 0) return action === 'projects:read' ? seesProject(grant) : grant?.isAdmin === true
  return modes.every((mode) => atLeast(levelOn(grant, mode), needed))
}

/** A grant that allows nothing: what an entry of all NO_ACCESS amounts to (it is not stored). */
export function isEmptyGrant(grant: ProjectGrant): boolean {
  return !grant.isAdmin && environmentModes.every((mode) => grant.modes[mode] === 'NO_ACCESS')
}

/**
 * The organization-level actions a custom role amounts to, at most: what it can be compared on
 * with a built-in role when someone hands it out (no escalation), and what `availableRole` lists.
 * Reading the organization and listing its projects (filtered to those it sees) always; deploying
 * and writing when some grant reaches DEPLOYER or MANAGER. Never tokens, members, roles, the audit
 * trail or project creation: custom roles cannot manage the organization.
 */
export function ceilingOf(grants: Iterable<ProjectGrant>): Action[] {
  const levels = [...grants].flatMap((grant) => environmentModes.map((mode) => levelOn(grant, mode)))
  const ceiling: Action[] = ['organization:read', 'projects:read']
  if (levels.some((level) => atLeast(level, 'MANAGER'))) ceiling.push('projects:write')
  if (levels.some((level) => atLeast(level, 'DEPLOYER'))) ceiling.push('deployments:create')
  return ceiling
}

/**
 * Whether `granted` allows nothing beyond `granter`, project by project and mode by mode (a
 * custom-role holder handing out a custom role: none can today, since custom roles manage neither
 * tokens nor members, but the rule must hold whatever roles become able to).
 */
export function grantsWithin(granter: ProjectGrants, granted: ProjectGrants): boolean {
  for (const [projectId, grant] of granted) {
    const mine = granter.get(projectId)
    if (grant.isAdmin && mine?.isAdmin !== true) return false
    for (const mode of environmentModes) {
      if (!atLeast(levelOn(mine, mode), levelOn(grant, mode))) return false
    }
  }
  return true
}

/** A grant from stored columns. */
export function grantOf(row: {
  is_admin: boolean
  development: ProjectPermissionLevel
  preview: ProjectPermissionLevel
  staging: ProjectPermissionLevel
  production: ProjectPermissionLevel
}): ProjectGrant {
  return {
    isAdmin: row.is_admin,
    modes: {
      DEVELOPMENT: row.development,
      PREVIEW: row.preview,
      STAGING: row.staging,
      PRODUCTION: row.production,
    },
  }
}
