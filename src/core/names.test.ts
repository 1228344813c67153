import { describe, expect, it } from 'vitest'
import { GatehouseError } from './errors.ts'
import { normalizeName, refuseDirectionControls } from './names.ts'

function thrown(run: () => unknown): GatehouseError | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    if (error instanceof GatehouseError) return error
    throw error
  }
}

describe('normalizeName', () => {
  it('trims and NFC-normalises', () => {
    expect(normalizeName('name', '  Cafe\u0301 ')).toBe('Café')
    expect(normalizeName('name', 'Café')).toBe('Café')
    expect(normalizeName('name', 'déploiement 東京 🚀')).toBe('déploiement 東京 🚀')
  })

  it('refuses controls, format characters, private use and lone surrogates, naming the field', () => {
    for (const bad of [
      'dep\u200bloy',
      'dep\u200cloy',
      'dep\u200dloy',
      '\u202eyolpeD',
      'a\u2066b\u2069',
      '\u200eleft',
      '\ufeffbom',
      'soft\u00adhyphen',
      'tab\there',
      'line\nbreak',
      'nul\u0000',
      'del\u007f',
      'c1\u0085',
      'private\ue000',
      'lone\ud800',
      'lone\udc00',
    ]) {
      const error = thrown(() => normalizeName('name', bad))
      expect(error?.reason, JSON.stringify(bad)).toBe('invalid_input')
      expect(error?.message).toBe(
        'The name contains invisible or direction-changing characters; type it with visible characters only.',
      )
      expect(error?.fieldErrors).toEqual([
        { field: 'body.name', message: 'must not contain invisible or direction-changing characters' },
      ])
    }
  })
})

describe('refuseDirectionControls', () => {
  it('keeps newlines and ordinary text, refuses bidirectional controls', () => {
    expect(
      thrown(() => refuseDirectionControls({ description: 'line one\nline two\r\n\ttabbed' })),
    ).toBeUndefined()
    expect(thrown(() => refuseDirectionControls({ description: undefined }))).toBeUndefined()
    for (const bad of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      const error = thrown(() => refuseDirectionControls({ description: `x${bad}y` }))
      expect(error?.reason).toBe('invalid_input')
      expect(error?.message).toBe(
        'The description contains characters that change the text direction; remove them.',
      )
      expect(error?.fieldErrors).toEqual([
        { field: 'body.description', message: 'must not contain direction-changing characters' },
      ])
    }
  })
})
