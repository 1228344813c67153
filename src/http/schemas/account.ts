import { Type } from 'typebox'
import { Timestamp, Uuid } from './common.ts'

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
export const Password = Type.String({ minLength: 8, maxLength: 256 })
export const PersonName = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' })

export const Account = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
})
