import { type Static, Type } from 'typebox'
import { type EnvironmentMode, environmentModes } from '../../core/environment-modes.ts'
import { Body, Name, named, Params, ResourceFields, Uuid } from '../common.ts'

export { type EnvironmentMode, environmentModes }

export const EnvironmentModeSchema = named(
  'EnvironmentModeEnum',
  Type.Unsafe<EnvironmentMode>({
    type: 'string',
    enum: [...environmentModes],
    description: 'DEVELOPMENT, PREVIEW, STAGING or PRODUCTION',
  }),
)

export const Environment = named(
  'Environment',
  Type.Object({
    ...ResourceFields,
    mode: EnvironmentModeSchema,
    project: Type.Object({ id: Uuid }),
    organization: Type.Object({ id: Uuid }),
  }),
)
export type Environment = Static<typeof Environment>

export const EnvironmentRequest = named(
  'EnvironmentRequest',
  Body({ name: Name, mode: EnvironmentModeSchema }),
)
export type EnvironmentRequest = Static<typeof EnvironmentRequest>

export const EnvironmentParams = Params({ environmentId: Uuid })
