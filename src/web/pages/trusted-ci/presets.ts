/**
 * The console's presets for a trust: the issuer and claim names of GitHub Actions and GitLab CI,
 * so a person fills in "owner, repository, branch" rather than claim names. The server judges the
 * conditions (src/core/oidc-conditions.ts); this only builds them.
 */
export type Preset = 'github' | 'gitlab' | 'custom'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const GITLAB_ISSUER = 'https://gitlab.com'

export interface PresetFields {
  owner: string
  repository: string
  /** GitHub: a branch (refs/heads/...) or an environment; GitLab: a ref. */
  scope: 'branch' | 'environment'
  branch: string
  environment: string
  projectPath: string
  ref: string
  protectedOnly: boolean
  issuer: string
  /** Custom: one claim=value a line. */
  claims: string
}

export const emptyFields: PresetFields = {
  owner: '',
  repository: '',
  scope: 'branch',
  branch: 'main',
  environment: '',
  projectPath: '',
  ref: 'main',
  protectedOnly: true,
  issuer: '',
  claims: '',
}

export function issuerOf(preset: Preset, fields: PresetFields): string {
  if (preset === 'github') return GITHUB_ISSUER
  if (preset === 'gitlab') return GITLAB_ISSUER
  return fields.issuer.trim()
}

/** The conditions a preset's fields mean; blank fields add none. */
export function conditionsOf(preset: Preset, fields: PresetFields): Record<string, string> {
  const conditions: Record<string, string> = {}
  if (preset === 'github') {
    const owner = fields.owner.trim()
    if (owner) conditions.repository = `${owner}/${fields.repository.trim() || '*'}`
    if (fields.scope === 'branch' && fields.branch.trim()) {
      const branch = fields.branch.trim()
      conditions.ref = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`
    }
    if (fields.scope === 'environment' && fields.environment.trim())
      conditions.environment = fields.environment.trim()
  } else if (preset === 'gitlab') {
    if (fields.projectPath.trim()) conditions.project_path = fields.projectPath.trim()
    if (fields.ref.trim()) conditions.ref = fields.ref.trim()
    if (fields.protectedOnly) conditions.ref_protected = 'true'
  } else {
    for (const line of fields.claims.split('\n')) {
      const equals = line.indexOf('=')
      if (equals > 0) conditions[line.slice(0, equals).trim()] = line.slice(equals + 1).trim()
    }
  }
  return conditions
}

/** "GitHub Actions", "GitLab (gitlab.com)", or the issuer's host. */
export function issuerLabel(issuer: string): string {
  if (issuer === GITHUB_ISSUER) return 'GitHub Actions'
  if (issuer === GITLAB_ISSUER) return 'GitLab (gitlab.com)'
  try {
    return new URL(issuer).host
  } catch {
    return issuer
  }
}
