import { type Static, Type } from 'typebox'
import { Body, Description, Name, named, ResourceFields, Uuid } from '../common.ts'

export const Organization = named(
  'Organization',
  Type.Object({
    ...ResourceFields,
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
