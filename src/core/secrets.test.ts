import { describe, expect, it } from 'vitest'
import { GatehouseError } from './errors.ts'
import { refuseSecretsInText } from './secrets.ts'
import { generateToken } from './token.ts'

function refusal(fields: Record<string, string | undefined>): GatehouseError | undefined {
  try {
    refuseSecretsInText(fields)
    return undefined
  } catch (error) {
    if (error instanceof GatehouseError) return error
    throw error
  }
}

describe('refuseSecretsInText', () => {
  it('lets ordinary text and missing fields through', () => {
    expect(refusal({ name: 'deploy bot', description: undefined })).toBeUndefined()
    expect(refusal({ name: 'gtok_ is our prefix', description: 'gses_short' })).toBeUndefined()
    expect(refusal({})).toBeUndefined()
  })

  it('refuses an API token pasted into a field, naming that field', () => {
    const error = refusal({ name: 'bot', description: `use ${generateToken('api_token')} in CI` })
    expect(error?.reason).toBe('secret_in_text')
    expect(error?.message).toBe(
      'The description contains what looks like a Gatehouse secret; never paste secrets there.',
    )
    expect(error?.fieldErrors).toEqual([
      { field: 'body.description', message: 'must not contain a Gatehouse token' },
    ])
  })

  it('refuses a session token too', () => {
    const error = refusal({ name: generateToken('session') })
    expect(error?.reason).toBe('secret_in_text')
    expect(error?.fieldErrors?.[0]?.field).toBe('body.name')
  })
})
