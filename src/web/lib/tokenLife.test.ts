import { describe, expect, it } from 'vitest'
import { GatehouseApiError } from '../../client/index.ts'
import { formProblemOf } from './problems.ts'
import {
  customDateBounds,
  defaultExpiryChoice,
  expiresAtOf,
  expiryOptions,
  gracePeriods,
  parseAddressList,
} from './tokenLife.ts'

const DAY = 24 * 3600 * 1000
// A fixed local instant: 10 March 2027, 15:30 in whatever zone the tests run in.
const now = new Date(2027, 2, 10, 15, 30).getTime()

describe("the console's token lifecycle choices", () => {
  it('offers the presets, a custom date and never when the organization has no limit', () => {
    expect(expiryOptions(null).map((o) => o.value)).toEqual(['7', '30', '90', 'custom', 'never'])
    expect(defaultExpiryChoice(null)).toBe('30')
  })

  it("offers nothing beyond the organization's limit, the limit itself, and never not at all", () => {
    expect(expiryOptions(14)).toEqual([
      { value: '7', label: '7 days' },
      { value: '14', label: "14 days (the organization's limit)" },
      { value: 'custom', label: 'Custom date…' },
    ])
    expect(expiryOptions(90).map((o) => o.value)).toEqual(['7', '30', '90', 'custom'])
    expect(expiryOptions(1).map((o) => o.label)).toEqual(["1 day (the organization's limit)", 'Custom date…'])
    expect(defaultExpiryChoice(14)).toBe('14')
    expect(defaultExpiryChoice(365)).toBe('30')
  })

  it('turns a choice into the expires_at to send', () => {
    expect(expiresAtOf({ choice: 'keep', date: '' }, now)).toBeUndefined()
    expect(expiresAtOf({ choice: 'never', date: '' }, now)).toBeNull()
    expect(expiresAtOf({ choice: '30', date: '' }, now)).toBe(new Date(now + 30 * DAY).toISOString())
    // A custom date works through that day: it ends at the next local midnight.
    expect(expiresAtOf({ choice: 'custom', date: '2027-04-01' }, now)).toBe(
      new Date(2027, 3, 2).toISOString(),
    )
    expect(expiresAtOf({ choice: 'custom', date: '' }, now)).toBe('no date')
    expect(expiresAtOf({ choice: 'custom', date: '1 April' }, now)).toBe('no date')
  })

  it('bounds a custom date: from tomorrow, to the last day that ends within the limit', () => {
    expect(customDateBounds(null, now)).toEqual({ min: '2027-03-11' })
    // 14 days from 10 March 15:30 is 24 March 15:30: 23 March ends (at midnight) within it, 24 March does not.
    expect(customDateBounds(14, now)).toEqual({ min: '2027-03-11', max: '2027-03-23' })
  })

  it("offers grace periods within the API's bound of a week", () => {
    expect(gracePeriods.map((p) => p.seconds)).toEqual([0, 3600, 86400, 604800])
  })

  it('reads addresses one a line, or separated by commas or spaces', () => {
    expect(parseAddressList(' 10.0.0.0/8\n\n2001:db8::/32, 192.0.2.7  203.0.113.0/24 ')).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.7',
      '203.0.113.0/24',
    ])
    expect(parseAddressList('  \n ')).toEqual([])
  })

  it("shows a refused entry of the address list beside the list's field", () => {
    const refusal = new GatehouseApiError(400, {
      reason: 'invalid_input',
      detail: 'allowed_cidrs is invalid',
      errors: [
        { field: 'body.allowed_cidrs[1]', message: '"10.0.0.1/8" has bits set beyond its /8 prefix' },
        { field: 'body.allowed_cidrs[2]', message: '"nope" is not an IPv4 or IPv6 address or CIDR range' },
      ],
    })
    expect(formProblemOf(refusal)).toEqual({
      fields: { allowed_cidrs: '"10.0.0.1/8" has bits set beyond its /8 prefix' },
      general: undefined,
    })
  })
})
