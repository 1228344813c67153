import { type Static, Type } from 'typebox'
import { type ProjectPermissionLevel, projectPermissionLevels } from '../../core/project-permissions.ts'
import { Body, Description, Name, named, Params, ResultsOf, Uuid } from '../common.ts'
import { EnvironmentModeSchema } from './environment.ts'

export { type ProjectPermissionLevel, projectPermissionLevels }

/** Qovery's names, so that a client generated from Qovery's document reads these unchanged. */
export const ProjectPermissionLevelSchema = named(
  'OrganizationCustomRoleProjectPermission',
  Type.Unsafe<ProjectPermissionLevel>({
    type: 'string',
    enum: [...projectPermissionLevels],
    description:
      'On one environment mode of one project, lowest first: NO_ACCESS; VIEWER reads the project and those environments and their deployments; DEPLOYER also requests deployments; MANAGER also creates, edits and deletes those environments',
  }),
)

const ModePermission = Type.Object(
  { environment_type: EnvironmentModeSchema, permission: ProjectPermissionLevelSchema },
  { additionalProperties: false },
)

export const OrganizationCustomRole = named(
  'OrganizationCustomRole',
  Type.Object({
    id: Uuid,
    name: Type.String(),
    description: Type.String(),
    cluster_permissions: Type.Array(
      Type.Object({ cluster_id: Uuid, cluster_name: Type.String(), permission: Type.String() }),
      { maxItems: 0, description: 'Always empty: Gatehouse has no clusters' },
    ),
    project_permissions: Type.Array(
      Type.Object({
        project_id: Uuid,
        project_name: Type.String(),
        is_admin: Type.Boolean({ description: 'MANAGER on every mode, and editing or deleting the project' }),
        permissions: Type.Array(ModePermission, { description: 'One entry per environment mode' }),
      }),
      { description: 'The projects the role has any access to, by name; every other project is NO_ACCESS' },
    ),
  }),
)
export type OrganizationCustomRole = Static<typeof OrganizationCustomRole>

export const OrganizationCustomRoleList = named(
  'OrganizationCustomRoleList',
  ResultsOf(OrganizationCustomRole),
)

export const OrganizationCustomRoleCreateRequest = named(
  'OrganizationCustomRoleCreateRequest',
  Body({ name: Name, description: Type.Optional(Description) }),
)
export type OrganizationCustomRoleCreateRequest = Static<typeof OrganizationCustomRoleCreateRequest>

export const OrganizationCustomRoleUpdateRequest = named(
  'OrganizationCustomRoleUpdateRequest',
  Body({
    name: Name,
    description: Type.Optional(Description),
    cluster_permissions: Type.Array(
      Type.Object({ cluster_id: Type.Optional(Uuid), permission: Type.Optional(Type.String()) }),
      { description: 'Required by Qovery; Gatehouse has no clusters, so it must be empty ([])' },
    ),
    project_permissions: Type.Array(
      Type.Object(
        {
          project_id: Uuid,
          is_admin: Type.Optional(Type.Boolean({ default: false })),
          permissions: Type.Optional(
            Type.Array(ModePermission, {
              maxItems: 4,
              description: 'A mode not listed is NO_ACCESS; ignored when is_admin is true',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 10000,
        description: 'Replaces every project permission of the role: a project not listed is NO_ACCESS',
      },
    ),
  }),
)
export type OrganizationCustomRoleUpdateRequest = Static<typeof OrganizationCustomRoleUpdateRequest>

export const CustomRoleParams = Params({ organizationId: Uuid, customRoleId: Uuid })
