import type { OrganizationCustomRole, Wire } from '../../../contract/index.ts'
import { environmentModes } from '../../../contract/values.ts'
import { renderTable } from '../../output.ts'

/** A custom role's grants as a table: one row per project, one column per mode, and admin. */
export function renderGrid(role: Wire<OrganizationCustomRole>): string {
  if (role.project_permissions.length === 0)
    return `The role "${role.name}" has no access to any project yet: \`gatehouse role grant ${role.name} --project <name> --mode <MODE> --permission <LEVEL>\`.`
  return renderTable(role.project_permissions, [
    { header: 'PROJECT', value: (p) => p.project_name, shrinkable: true },
    ...environmentModes.map((mode) => ({
      header: mode,
      value: (p: (typeof role.project_permissions)[number]) =>
        p.permissions.find((entry) => entry.environment_type === mode)?.permission ?? 'NO_ACCESS',
    })),
    { header: 'ADMIN', value: (p) => (p.is_admin ? 'yes' : 'no') },
  ])
}
