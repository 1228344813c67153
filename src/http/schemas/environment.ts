import { Type } from 'typebox'
import { environmentModes } from '../../services/environments.ts'
import { Body, Name, Timestamp, Uuid } from './common.ts'

export const EnvironmentMode = Type.Enum([...environmentModes], {
  type: 'string',
  description: 'DEVELOPMENT, PREVIEW, STAGING or PRODUCTION',
})

export const Environment = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  mode: EnvironmentMode,
  project: Type.Object({ id: Uuid }),
  organization: Type.Object({ id: Uuid }),
})

export const EnvironmentInput = Body({ name: Name, mode: EnvironmentMode })

export const EnvironmentParams = Type.Object({ environmentId: Uuid }, { additionalProperties: false })
