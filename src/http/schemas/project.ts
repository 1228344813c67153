import { Type } from 'typebox'
import { Body, Description, Name, Timestamp, Uuid } from './common.ts'

export const Project = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  description: Type.String(),
  organization: Type.Object({ id: Uuid }),
})

/** Create and edit take the same body; an absent description keeps the current one on edit. */
export const ProjectInput = Body({ name: Name, description: Type.Optional(Description) })

export const ProjectParams = Type.Object({ projectId: Uuid }, { additionalProperties: false })
