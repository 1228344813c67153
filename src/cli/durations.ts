import { usageError } from './errors.ts'

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }

/**
 * A duration as people write it on a command line: `30d`, `12h`, `90m`, `45s`, `2w`, or several
 * at once (`1h30m`); a bare number is seconds. Anything else is a usage error naming the flag.
 */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim().toLowerCase()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const parts = [...trimmed.matchAll(/(\d+)([smhdw])/g)]
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed)
    throw usageError(`${flag} takes a duration such as 30d, 12h, 90m or 1h30m, got "${text}".`)
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * (UNIT_SECONDS[unit as string] ?? 0),
    0,
  )
}

/** Seconds in the largest unit that says them exactly: 3600 -> "1h", 90 -> "90s". */
export function formatDuration(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit] as number
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  }
  return `${seconds}s`
}

/**
 * The expiry asked for by --expires-in / --expires-at / --no-expiry, as the API takes it: an
 * RFC 3339 instant, null for none, undefined when no flag was given.
 */
export function expiryFromFlags(
  options: { expiresIn?: string; expiresAt?: string; expiry?: boolean },
  now: Date = new Date(),
): string | null | undefined {
  const given = [options.expiresIn !== undefined, options.expiresAt !== undefined, options.expiry === false]
  if (given.filter(Boolean).length > 1)
    throw usageError('Give one of --expires-in, --expires-at and --no-expiry, not several.')
  if (options.expiry === false) return null
  if (options.expiresIn !== undefined) {
    const seconds = parseDuration(options.expiresIn, '--expires-in')
    if (seconds <= 0) throw usageError('--expires-in must be more than 0.')
    return new Date(now.getTime() + seconds * 1000).toISOString()
  }
  if (options.expiresAt !== undefined) {
    const date = new Date(options.expiresAt)
    if (Number.isNaN(date.getTime()))
      throw usageError(
        `--expires-at takes a date such as 2030-01-31 or 2030-01-31T18:00:00Z, got "${options.expiresAt}".`,
      )
    return date.toISOString()
  }
  return undefined
}
