import { describe, expect, it } from 'vitest'
import { ConfigError, databaseAddress, loadConfig, withoutPassword } from './config.ts'

const load = (env: Record<string, string>, stdoutIsTerminal = false) => loadConfig(env, { stdoutIsTerminal })
const refusal = (env: Record<string, string>) => {
  try {
    load(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error(`accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = load({})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      databaseUrl: undefined,
      logLevel: 'info',
      logFormat: 'json',
      trustProxy: false,
    })
  })

  it('logs pretty lines by default when stdout is a terminal, and as told otherwise', () => {
    expect(load({}, true).logFormat).toBe('pretty')
    expect(load({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json')
    expect(load({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty')
    expect(refusal({ LOG_FORMAT: 'text' })).toBe('LOG_FORMAT must be one of pretty, json, got "text"')
  })

  it.each([
    // `true` is the nearest proxy only (one hop), never "believe the whole X-Forwarded-For".
    ['true', 1],
    ['TRUE', 1],
    ['1', 1],
    ['yes', 1],
    ['2', 2],
    [' 3 ', 3],
    ['false', false],
    ['0', false],
    ['No', false],
    ['', false],
    ['10.0.0.1', ['10.0.0.1']],
    ['127.0.0.1, 10.0.0.0/8,172.16.0.0/12', ['127.0.0.1', '10.0.0.0/8', '172.16.0.0/12']],
    ['::1,FD00::/8', ['::1', 'fd00::/8']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('reads GATEHOUSE_TRUST_PROXY=%j as %j', (raw, expected) => {
    expect(load({ GATEHOUSE_TRUST_PROXY: raw }).trustProxy).toEqual(expected)
  })

  it.each([
    'on',
    'enabled',
    'ture',
    '10.0.0.0/33',
    '::1/129',
    '10.0.0',
    '10.0.0.1,',
    'proxy.local',
    '101',
    '-1',
  ])('refuses GATEHOUSE_TRUST_PROXY=%s instead of reading it as false', (raw) => {
    expect(refusal({ GATEHOUSE_TRUST_PROXY: raw })).toBe(
      `GATEHOUSE_TRUST_PROXY must be true or false (or 1/0, yes/no), a number of proxy hops, or the proxies' addresses or CIDR ranges separated by commas (10.0.0.0/8,::1), got "${raw}"`,
    )
  })

  it.each(['abc', '1e3', '0x50', '80.5', '70000'])('refuses PORT=%s', (raw) => {
    expect(refusal({ PORT: raw })).toBe(`PORT must be a whole number from 0 to 65535, got "${raw}"`)
  })

  it('accepts ID tokens of GitHub Actions and gitlab.com unless GATEHOUSE_OIDC_ISSUERS says otherwise', () => {
    expect(load({}).oidcIssuers).toEqual([
      'https://token.actions.githubusercontent.com',
      'https://gitlab.com',
    ])
    expect(load({ GATEHOUSE_OIDC_ISSUERS: 'none' }).oidcIssuers).toEqual([])
    expect(
      load({ GATEHOUSE_OIDC_ISSUERS: 'https://gitlab.example.com/, http://127.0.0.1:9000,http://[::1]:9001' })
        .oidcIssuers,
    ).toEqual(['https://gitlab.example.com', 'http://127.0.0.1:9000', 'http://[::1]:9001'])
    expect(load({}).oidcFetchTimeoutMs).toBe(5000)
    // HTTPS only, but for loopback issuers the operator lists (a local test issuer).
    for (const issuer of [
      'http://gitlab.example.com',
      'http://169.254.169.254',
      'http://10.0.0.1:9000',
      'ftp://example.com',
      'gitlab.com',
      'https://gitlab.com/?x=1',
      'https://user:pass@gitlab.com',
    ]) {
      expect(refusal({ GATEHOUSE_OIDC_ISSUERS: issuer }), issuer).toMatch(/^GATEHOUSE_OIDC_ISSUERS must list/)
    }
  })

  it('accepts postgres:// and postgresql:// URLs', () => {
    expect(load({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).databaseUrl).toBe('postgres://u:p@db:5432/x')
    expect(load({ DATABASE_URL: 'postgresql://db/x' }).databaseUrl).toBe('postgresql://db/x')
    expect(load({ DATABASE_URL: '' }).databaseUrl).toBeUndefined()
  })

  it.each([
    ['localhost:5432', 'got "localhost:5432" (no postgres:// scheme)'],
    ['db.example/gatehouse', 'got "db.example/gatehouse"'],
    ['mysql://root:hunter2@db/x', 'got "mysql://root:***@db/x"'],
    ['postgres://', 'must name a host'],
  ])('refuses DATABASE_URL=%s without printing a password', (raw, says) => {
    const message = refusal({ DATABASE_URL: raw })
    expect(message).toMatch(/^DATABASE_URL /)
    expect(message).toContain(says)
    expect(message).not.toContain('hunter2')
  })

  it('bounds every wait on the database: 3 s unless GATEHOUSE_DATABASE_TIMEOUT_MS says otherwise', () => {
    expect(load({}).databaseTimeoutMs).toBe(3000)
    expect(load({ GATEHOUSE_DATABASE_TIMEOUT_MS: '10000' }).databaseTimeoutMs).toBe(10_000)
    // Below a second the notification connection could not prove itself alive in time.
    expect(refusal({ GATEHOUSE_DATABASE_TIMEOUT_MS: '500' })).toBe(
      'GATEHOUSE_DATABASE_TIMEOUT_MS must be a whole number from 1000 to 300000, got "500"',
    )
    expect(refusal({ GATEHOUSE_DATABASE_TIMEOUT_MS: '0' })).toContain('GATEHOUSE_DATABASE_TIMEOUT_MS')
  })
})

describe('withoutPassword', () => {
  it('hides the password wherever a URL keeps it', () => {
    expect(withoutPassword('postgres://u:s3cret@h:5432/d')).toBe('postgres://u:***@h:5432/d')
    expect(withoutPassword('u:s3c@r/et@h/d')).toBe('u:***@h/d')
    expect(withoutPassword('postgres://h/d?password=s3cret&sslmode=require')).toBe(
      'postgres://h/d?password=***&sslmode=require',
    )
    expect(withoutPassword('localhost:5432')).toBe('localhost:5432')
  })
})

describe('databaseAddress', () => {
  it("is host and port, PostgreSQL's port when none is given", () => {
    expect(databaseAddress('postgres://u:p@db.example:6543/x')).toBe('db.example:6543')
    expect(databaseAddress('postgres://u:p@db.example/x')).toBe('db.example:5432')
  })

  it('bounds the time a request may take to arrive, idle connections and their number', () => {
    expect(load({})).toMatchObject({
      requestTimeoutSeconds: 30,
      keepAliveTimeoutSeconds: 72,
      maxConnections: 4096,
      purgeIntervalSeconds: 600,
    })
    const config = load({
      GATEHOUSE_REQUEST_TIMEOUT_SECONDS: '5',
      GATEHOUSE_KEEP_ALIVE_TIMEOUT_SECONDS: '65',
      GATEHOUSE_MAX_CONNECTIONS: '100',
      GATEHOUSE_PURGE_INTERVAL_SECONDS: '60',
    })
    expect(config).toMatchObject({
      requestTimeoutSeconds: 5,
      keepAliveTimeoutSeconds: 65,
      maxConnections: 100,
      purgeIntervalSeconds: 60,
    })
    expect(refusal({ GATEHOUSE_REQUEST_TIMEOUT_SECONDS: '0' })).toBe(
      'GATEHOUSE_REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 3600, got "0"',
    )
    expect(refusal({ GATEHOUSE_MAX_CONNECTIONS: '1' })).toBe(
      'GATEHOUSE_MAX_CONNECTIONS must be a whole number from 16 to 1000000, got "1"',
    )
  })
})
