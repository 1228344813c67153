import { Type } from 'typebox'
import { Body, Description, Name, Timestamp, Uuid } from './common.ts'

export const ApiToken = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  description: Type.String(),
  role_id: Uuid,
  role_name: Type.String(),
  creator_name: Type.String(),
})

export const CreatedApiToken = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  description: Type.String(),
  token: Type.String({ description: 'The secret. Shown in this response only, never again.' }),
  role_id: Uuid,
  role_name: Type.String(),
})

export const CreateApiTokenBody = Body({
  name: Name,
  description: Type.Optional(Description),
  role_id: Type.Optional(
    Type.Union([Uuid, Type.Null()], { description: 'A role of the organization; null for admin' }),
  ),
})
