import { type Static, Type } from 'typebox'
import { Body, NullableTimestamp, named, Timestamp, Uuid } from '../common.ts'

export const Member = named(
  'Member',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    name: Type.String(),
    email: Type.String(),
    role_id: Uuid,
    role_name: Type.String(),
    last_activity_at: NullableTimestamp,
  }),
)
export type Member = Static<typeof Member>

export const MemberRoleUpdateRequest = named(
  'MemberRoleUpdateRequest',
  Body({
    user_id: Uuid,
    role_id: Type.String({ format: 'uuid', description: 'A role of the organization, not owner' }),
  }),
)
export type MemberRoleUpdateRequest = Static<typeof MemberRoleUpdateRequest>

export const MemberReference = named('MemberReference', Body({ user_id: Uuid }))
export type MemberReference = Static<typeof MemberReference>
