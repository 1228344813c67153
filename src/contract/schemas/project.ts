import { type Static, Type } from 'typebox'
import { Body, Description, Name, named, Params, ResourceFields, Uuid } from '../common.ts'

export const Project = named(
  'Project',
  Type.Object({
    ...ResourceFields,
    description: Type.String(),
    organization: Type.Object({ id: Uuid }),
  }),
)
export type Project = Static<typeof Project>

/** Create and edit take the same body; an absent description keeps the current one on edit. */
export const ProjectRequest = named(
  'ProjectRequest',
  Body({ name: Name, description: Type.Optional(Description) }),
)
export type ProjectRequest = Static<typeof ProjectRequest>

export const ProjectParams = Params({ projectId: Uuid })
