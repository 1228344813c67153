import { type Static, Type } from 'typebox'
import { Body, named, Params, Timestamp, Uuid } from '../common.ts'

export const Deployment = named(
  'Deployment',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    environment: Type.Object({ id: Uuid }),
    version: Type.String({ description: 'The git sha or tag asked for' }),
    status: Type.Unsafe<'QUEUED'>({
      type: 'string',
      enum: ['QUEUED'],
      description: 'QUEUED: recorded (Gatehouse authorizes and records deployments; it does not run them)',
    }),
    requested_by: Type.Object({
      type: Type.Union([Type.Literal('user'), Type.Literal('api_token')]),
      id: Uuid,
      name: Type.String(),
    }),
  }),
)
export type Deployment = Static<typeof Deployment>

export const DeploymentRequest = named(
  'DeploymentRequest',
  Body({
    version: Type.String({
      minLength: 1,
      maxLength: 255,
      // A commit sha or a tag name as git allows them, without spaces or control characters.
      pattern: '^[A-Za-z0-9][A-Za-z0-9._/+@-]*$',
      description: 'A git sha or tag: letters, digits and . _ / + @ -, starting with a letter or digit',
    }),
  }),
)
export type DeploymentRequest = Static<typeof DeploymentRequest>

export const DeploymentParams = Params({ environmentId: Uuid })
