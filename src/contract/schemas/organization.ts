import { type Static, Type } from 'typebox'
import { Body, Description, Name, named, Timestamp, Uuid } from '../common.ts'

export const Organization = named(
  'Organization',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    updated_at: Timestamp,
    name: Type.String(),
    description: Type.String(),
    owner: Uuid,
  }),
)
export type Organization = Static<typeof Organization>

export const OrganizationRequest = named(
  'OrganizationRequest',
  Body({ name: Name, description: Type.Optional(Description) }),
)
export type OrganizationRequest = Static<typeof OrganizationRequest>
