import { describe, expect, it } from 'vitest'
import { GatehouseError } from './errors.ts'
import { containsSecret, redactSecrets, refuseSecretsInText } from './secrets.ts'
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

  it('refuses a token glued to other characters', () => {
    const token = generateToken('api_token')
    const session = generateToken('session')
    for (const text of [
      `_${token}`,
      `TOKEN=${token}`,
      `${token}x`,
      `x${token}y`,
      `${token}${token}`,
      `abc${session}_tail`,
      `gtok_gtok_${token.slice(5)}`,
    ]) {
      expect(refusal({ name: text })?.reason, text).toBe('secret_in_text')
    }
  })

  it('refuses a percent-encoded token, once or twice encoded, whatever else the text holds', () => {
    const token = generateToken('api_token')
    const body = token.slice(5)
    const everyCharacter = [...token].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')
    for (const text of [
      `gtok%5F${body}`,
      `gtok%5f${body}`,
      `gtok%255F${body}`,
      everyCharacter,
      encodeURIComponent(`key=${token}&x=1`),
      `100% sure: gtok%5F${body} %E0%A4%A %zz %`,
      `${generateToken('session').replace('_', '%5F')}`,
    ]) {
      expect(refusal({ description: text })?.reason, text).toBe('secret_in_text')
    }
  })

  it('does not throw on malformed escapes and lets harmless text through', () => {
    for (const text of [
      '100% sure',
      '%E0%A4%A',
      '%%%5',
      '%ZZgtok_',
      'gtok_ and gses_ are our prefixes',
      `gtok_${'a'.repeat(36)}`,
      `gtok%5F${'A'.repeat(36)}`,
      `${'x'.repeat(100)}gtok_`,
    ]) {
      expect(refusal({ name: text }), text).toBeUndefined()
    }
  })

  it('ignores a token whose checksum does not hold, glued or not', () => {
    const token = generateToken('api_token')
    const last = token.at(-1) === 'A' ? 'B' : 'A'
    const broken = token.slice(0, -1) + last
    expect(refusal({ name: broken })).toBeUndefined()
    expect(refusal({ name: `x${broken}y` })).toBeUndefined()
  })
})

describe('containsSecret, through layers of percent-encoding', () => {
  /** `times` rounds of percent-encoding applied to the underscore (a first %5F, then % as %25). */
  const encoded = (token: string, times: number) => {
    let text = token.replace('_', '%5F')
    for (let round = 1; round < times; round++) text = text.replace(/%/g, '%25')
    return text
  }

  it('finds a token encoded up to five times, and stops there', () => {
    const token = generateToken('api_token')
    for (let times = 1; times <= 5; times++)
      expect(containsSecret(`x ${encoded(token, times)} y`), `${times}`).toBe(true)
    // The bound is the documented one: six layers read as text (and nothing loops for ever).
    expect(containsSecret(`x ${encoded(token, 6)} y`)).toBe(false)
  })
})

describe('redactSecrets', () => {
  const token = generateToken('api_token')
  const session = generateToken('session')

  it('hides a token in a path, glued or not, and keeps the rest', () => {
    expect(redactSecrets(`/api/organization/${token}/apiToken`)).toBe(
      '/api/organization/gtok_[redacted]/apiToken',
    )
    expect(redactSecrets(`/api/x${session}y`)).toBe('/api/xgses_[redacted]')
    expect(redactSecrets(`curl/8.0 TOKEN=${token}`)).toBe('curl/8.0 TOKEN=gtok_[redacted]')
  })

  it('hides a truncated or mistyped token too, but not the bare prefix or a short word', () => {
    expect(redactSecrets(`/api/${token.slice(0, 20)}`)).toBe('/api/gtok_[redacted]')
    expect(redactSecrets('/api/gtok_short')).toBe('/api/gtok_short')
    expect(redactSecrets('gatehouse-cli/0.1.0 node/20.19.0')).toBe('gatehouse-cli/0.1.0 node/20.19.0')
  })

  it('hides a token whose underscore is percent-encoded, and replaces text hiding one otherwise whole', () => {
    expect(redactSecrets(`/api/${token.replace('_', '%5F')}`)).toBe('/api/gtok_[redacted]')
    const encodedLetters = `/api/${encodeURIComponent(token).replace('g', '%67')}`
    expect(redactSecrets(encodedLetters)).toBe('[redacted]')
  })
})
