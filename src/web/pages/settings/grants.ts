import type {
  EnvironmentMode,
  OrganizationCustomRole,
  OrganizationCustomRoleUpdateRequest,
  ProjectPermissionLevel,
  Wire,
} from '../../../contract/index.ts'
import { environmentModes } from '../../../contract/values.ts'
import { modeLabel } from '../projects/modes.ts'

/**
 * What the role editor holds for one project: the admin flag and a level per mode. The levels are
 * kept while admin is on (the grid shows them as moot), so turning admin off gives them back.
 */
export interface GridRow {
  isAdmin: boolean
  modes: Record<EnvironmentMode, ProjectPermissionLevel>
}

/** By project id; a project not in it is NO_ACCESS on every mode, as the API has it. */
export type Grid = Record<string, GridRow>

export const levelLabels: Record<ProjectPermissionLevel, string> = {
  NO_ACCESS: 'No access',
  VIEWER: 'Viewer',
  DEPLOYER: 'Deployer',
  MANAGER: 'Manager',
}

export function emptyRow(): GridRow {
  return {
    isAdmin: false,
    modes: Object.fromEntries(environmentModes.map((mode) => [mode, 'NO_ACCESS'])) as GridRow['modes'],
  }
}

export function gridOf(role: Wire<OrganizationCustomRole>): Grid {
  const grid: Grid = {}
  for (const project of role.project_permissions) {
    const row = emptyRow()
    row.isAdmin = project.is_admin
    for (const { environment_type, permission } of project.permissions)
      row.modes[environment_type] = permission
    grid[project.project_id] = row
  }
  return grid
}

const grantsNothing = (row: GridRow) =>
  !row.isAdmin && environmentModes.every((mode) => row.modes[mode] === 'NO_ACCESS')

/**
 * The PUT's project_permissions: only the projects the role reaches (the API stores nothing for
 * the others either), in the order the ids are given so a field error's index finds its row.
 */
export function projectPermissionsOf(grid: Grid): {
  projectIds: string[]
  body: OrganizationCustomRoleUpdateRequest['project_permissions']
} {
  const kept = Object.entries(grid).filter(([, row]) => !grantsNothing(row))
  return {
    projectIds: kept.map(([projectId]) => projectId),
    body: kept.map(([projectId, row]) => ({
      project_id: projectId,
      is_admin: row.isAdmin,
      permissions: environmentModes.map((mode) => ({ environment_type: mode, permission: row.modes[mode] })),
    })),
  }
}

/** A role's grants in a line, for its card on the Roles page: "web: Staging deployer; api: admin". */
export function summaryOf(role: Wire<OrganizationCustomRole>): string {
  const parts = role.project_permissions.map((project) => {
    if (project.is_admin) return `${project.project_name}: admin`
    const levels = project.permissions
      .filter(({ permission }) => permission !== 'NO_ACCESS')
      .map(
        ({ environment_type, permission }) =>
          `${modeLabel(environment_type)} ${levelLabels[permission].toLowerCase()}`,
      )
    return `${project.project_name}: ${levels.join(', ')}`
  })
  return parts.length > 0 ? parts.join('; ') : 'No access to any project yet.'
}
