import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import envPaths from 'env-paths'
import { CliError } from './errors.ts'

/**
 * What the CLI remembers between runs, and nothing more: the server, the session for that
 * server, and the chosen organization; in a CI job, the short-lived token `login --oidc` got,
 * until it expires. Never a token someone made, never a password. The file is readable by its
 * owner only (0600) because the session token is a credential.
 */
export interface StoredConfig {
  api_url?: string
  session?: { token: string; expires_at: string; email: string }
  organization?: { id: string; name: string }
  ci_token?: { token: string; expires_at: string; organization_id: string }
}

export function configDirectory(env: NodeJS.ProcessEnv = process.env): string {
  // env-paths reads XDG_CONFIG_HOME from process.env; tests pass their own directory the same way.
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'gatehouse')
  return envPaths('gatehouse', { suffix: '' }).config
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDirectory(env), 'config.json')
}

export function readConfig(path: string): StoredConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CliError(`Cannot read ${path}: ${(error as Error).message}`)
  }
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null ? (parsed as StoredConfig) : {}
  } catch {
    throw new CliError(`${path} is not valid JSON: fix or delete it, then run gatehouse login again.`)
  }
}

/** Written to a private temporary file, then renamed: never a moment with looser permissions. */
export function writeConfig(path: string, config: StoredConfig): void {
  const directory = dirname(path)
  mkdirSync(directory, { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600) // the umask cannot loosen it, but an old file of that name could
  renameSync(temporary, path)
}
