import { type Static, Type } from 'typebox'
import { type Action, actions } from '../../core/permissions.ts'
import { named, Uuid } from '../common.ts'

export const Permission = Type.Unsafe<Action>({
  type: 'string',
  enum: [...actions],
  description: 'An action a role may take',
})

export const OrganizationAvailableRole = named(
  'OrganizationAvailableRole',
  Type.Object({
    id: Uuid,
    name: Type.String(),
    kind: Type.Union([Type.Literal('built_in'), Type.Literal('custom')]),
    description: Type.String(),
    permissions: Type.Array(Permission, { description: 'What this role may do' }),
  }),
)
export type OrganizationAvailableRole = Static<typeof OrganizationAvailableRole>
