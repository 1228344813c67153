import { Type } from 'typebox'
import { Body, Description, Name, Timestamp, Uuid } from './common.ts'

export const Organization = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  description: Type.String(),
  owner: Uuid,
})

export const OrganizationInput = Body({ name: Name, description: Type.Optional(Description) })
