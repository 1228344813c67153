import { Type } from 'typebox'
import { named } from '../common.ts'

export const Health = named('Health', Type.Object({ status: Type.Literal('ok') }))
export const Readiness = named(
  'Readiness',
  Type.Object({
    status: Type.Literal('ready'),
    database: Type.String({ description: 'pglite or postgres' }),
  }),
)
