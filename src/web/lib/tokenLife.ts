import type { OrganizationApiToken, Wire } from '../../contract/index.ts'
import { MAX_GRACE_PERIOD_SECONDS } from '../../contract/values.ts'

/**
 * A token's life as the console offers it: expiry presets within the organization's limit, the
 * grace periods a rotation may give, and the words for a status. The server checks all of it
 * again; these only keep the choices offered to ones it accepts.
 */
export type TokenStatus = Wire<OrganizationApiToken>['status']

const DAY_MS = 24 * 3600 * 1000
const PRESET_DAYS = [7, 30, 90]
/** Offered first: long enough not to be a chore, short enough that a forgotten token dies. */
const DEFAULT_DAYS = 30

export const statusLabels: Record<TokenStatus, string> = {
  active: 'Active',
  expiring_soon: 'Expiring soon',
  expired: 'Expired',
  revoked_leaked: 'Leaked, revoked',
}

/** `keep`: leave the expiry as it is (an edit, a rotation); a number: that many days from now. */
export type ExpiryChoice = 'keep' | 'custom' | 'never' | `${number}`

export interface ExpiryValue {
  choice: ExpiryChoice
  /** The custom date, YYYY-MM-DD, local. */
  date: string
}

export interface ExpiryOption {
  value: ExpiryChoice
  label: string
}

/** The presets the organization's limit allows (and the limit itself), a custom date, and never when there is no limit. */
export function expiryOptions(maxLifetimeDays: number | null): ExpiryOption[] {
  const days = PRESET_DAYS.filter((d) => maxLifetimeDays === null || d <= maxLifetimeDays)
  const options: ExpiryOption[] = days.map((d) => ({ value: `${d}`, label: `${d} days` }))
  if (maxLifetimeDays !== null && !days.includes(maxLifetimeDays))
    options.push({
      value: `${maxLifetimeDays}`,
      label: `${maxLifetimeDays} day${maxLifetimeDays === 1 ? '' : 's'} (the organization's limit)`,
    })
  options.push({ value: 'custom', label: 'Custom date…' })
  if (maxLifetimeDays === null) options.push({ value: 'never', label: 'Never' })
  return options
}

export function defaultExpiryChoice(maxLifetimeDays: number | null): ExpiryChoice {
  if (maxLifetimeDays === null || maxLifetimeDays >= DEFAULT_DAYS) return `${DEFAULT_DAYS}`
  return `${maxLifetimeDays}`
}

/** YYYY-MM-DD of a local date. */
function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * The dates a custom expiry may take: from tomorrow to the last day that ends within the limit.
 * A token with a custom date works through that day (it stops at the next local midnight).
 */
export function customDateBounds(
  maxLifetimeDays: number | null,
  now = Date.now(),
): { min: string; max?: string } {
  const today = new Date(now)
  const min = dateInputValue(new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1))
  if (maxLifetimeDays === null) return { min }
  const limit = new Date(now + maxLifetimeDays * DAY_MS)
  return { min, max: dateInputValue(new Date(limit.getFullYear(), limit.getMonth(), limit.getDate() - 1)) }
}

/**
 * The `expires_at` to send: undefined to leave it (keep), null for never, else RFC 3339. A custom
 * choice without a valid date answers 'no date' for the form to say so beside the field.
 */
export function expiresAtOf(value: ExpiryValue, now = Date.now()): string | null | undefined | 'no date' {
  switch (value.choice) {
    case 'keep':
      return undefined
    case 'never':
      return null
    case 'custom': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.date)
      if (!match) return 'no date'
      const [, year, month, day] = match.map(Number) as [number, number, number, number]
      return new Date(year, month - 1, day + 1).toISOString()
    }
    default:
      return new Date(now + Number(value.choice) * DAY_MS).toISOString()
  }
}

/** A grace period a rotation may give the old value, in seconds, within the API's bound (a week). */
export const gracePeriods = [
  { seconds: 0, label: 'None: the old value stops working at once' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '24 hours' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
].filter((period) => period.seconds <= MAX_GRACE_PERIOD_SECONDS)

/** What a person types as allowed addresses (one a line, or separated by commas or spaces), as the API takes them. */
export function parseAddressList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean)
}
