import { Type } from 'typebox'
import { Body, Timestamp, Uuid } from './common.ts'

export const Member = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  name: Type.String(),
  email: Type.String(),
  role_id: Uuid,
  role_name: Type.String(),
  last_activity_at: Type.Union([Timestamp, Type.Null()]),
})

export const ChangeMemberRoleBody = Body({
  user_id: Uuid,
  role_id: Type.String({ format: 'uuid', description: 'A role of the organization, not owner' }),
})

export const MemberReferenceBody = Body({ user_id: Uuid })
