/**
 * A trust's conditions: claim name -> an exact value, or a glob where `*` stands for any run of
 * characters (slashes included, as `refs/heads/release/*` needs). All must match. Pure: the trust
 * services check them when a trust is written, the exchange when an ID token is presented, and the
 * console words them.
 */

export type OidcConditions = Record<string, string>

/** At least one of these pins the repository or project, so no trust accepts a whole issuer. */
export const IDENTIFYING_CLAIMS = ['sub', 'repository', 'project_path'] as const
export const MAX_CONDITIONS = 20
export const CLAIM_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$'

/**
 * What is wrong with a set of conditions, as field errors (empty when they are fine). The
 * identifying claims must spell out the owner, group or namespace: a `*` is allowed only after
 * the first `/` (`acme/` then a star is every repository of acme; a star before the first slash would match
 * anyone's).
 */
export function conditionProblems(conditions: OidcConditions): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  const names = Object.keys(conditions)
  if (!names.some((name) => (IDENTIFYING_CLAIMS as readonly string[]).includes(name))) {
    problems.push({
      field: 'body.conditions',
      message: 'must include sub, repository or project_path, so that no trust accepts every repository',
    })
  }
  for (const name of IDENTIFYING_CLAIMS) {
    const value = conditions[name]
    if (value !== undefined && !pinsOwner(value)) {
      problems.push({
        field: `body.conditions.${name}`,
        message: 'must spell out the owner or group before any * (acme/*, not * or */web)',
      })
    }
  }
  return problems
}

/** A `*` only after a `/` that has something other than `*` before it. */
function pinsOwner(pattern: string): boolean {
  const star = pattern.indexOf('*')
  if (star === -1) return true
  const slash = pattern.indexOf('/')
  return slash > 0 && slash < star
}

/** The claim's value as conditions compare it: strings as they are, numbers and booleans as text. */
export function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** Whether `text` matches `pattern`, anchored at both ends, `*` being the only wildcard. */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === text
  const first = parts[0] as string
  const last = parts.at(-1) as string
  if (text.length < first.length + last.length) return false
  if (!text.startsWith(first) || !text.endsWith(last)) return false
  // Greedy from the left is enough for `*` alone: each middle part at its earliest place.
  let position = first.length
  const end = text.length - last.length
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, position)
    if (found === -1 || found + part.length > end) return false
    position = found + part.length
  }
  return true
}

/** The names of the conditions the claims do not meet (empty: every one is met). */
export function unmetConditions(conditions: OidcConditions, claims: Record<string, unknown>): string[] {
  return Object.entries(conditions)
    .filter(([name, pattern]) => {
      const text = claimText(claims[name])
      return text === undefined || !globMatches(pattern, text)
    })
    .map(([name]) => name)
}

/** "jobs of acme/web on refs/heads/main": the conditions in words, for people. */
export function describeConditions(conditions: OidcConditions): string {
  const rest = { ...conditions }
  const take = (name: string) => {
    const value = rest[name]
    delete rest[name]
    return value
  }
  const words: string[] = []
  const project = take('repository') ?? take('project_path')
  words.push(project ? `jobs of ${project}` : 'jobs')
  const sub = take('sub')
  if (sub) words.push(`whose subject is ${sub}`)
  const ref = take('ref')
  if (ref) words.push(`on ${ref}`)
  // GitLab's ref_protected, as people say it.
  if (rest.ref_protected === 'true') {
    take('ref_protected')
    words.push(ref ? '(protected)' : 'on protected refs')
  }
  const environment = take('environment')
  if (environment) words.push(`in the environment ${environment}`)
  for (const [name, value] of Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)))
    words.push(`with ${name} ${value}`)
  return words.join(' ')
}
