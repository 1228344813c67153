import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { GatehouseError, unauthenticated } from '../core/errors.ts'
import { normalizeName } from '../core/names.ts'
import type { UserPrincipal } from '../core/principal.ts'
import { refuseSecretsInText } from '../core/secrets.ts'
import { digestToken, generateToken } from '../core/token.ts'
import { concurrencyGate } from './concurrency-gate.ts'
import { isUniqueViolation } from './db-errors.ts'
import type { Deps } from './deps.ts'
import { changeAndInvalidate } from './invalidation.ts'

export interface Account {
  id: string
  email: string
  name: string
  created_at: Date
}

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/**
 * Password hashes (signups) and verifications (sign-ins) at once in this process. argon2id is
 * made to cost CPU: unbounded, 16 clients signing in in a loop keep every core busy and every
 * other request (a token's whoami) waits tenfold. All cores but one, at least one; 32 more per
 * hashing core wait their turn (under a second, at about 20 ms a hash: measured, 60 sign-ins at
 * once on 2 cores were 33 served and 27 refused within 0.83 s), and beyond them a sign-in or
 * signup is refused at once with 429 and Retry-After.
 */
export const PASSWORD_HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1)
export const PASSWORD_HASH_QUEUE = 32 * PASSWORD_HASH_CONCURRENCY
export const passwordHashing = concurrencyGate(
  PASSWORD_HASH_CONCURRENCY,
  PASSWORD_HASH_QUEUE,
  () =>
    new GatehouseError('rate_limited', 'The server is busy checking other passwords; retry in a second.', {
      retryAfterSeconds: 1,
    }),
)

/** The stored form of a password (argon2id, OWASP's baseline). */
export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, ARGON2_OPTIONS))
}
/**
 * Verified when the email is unknown, so that both failures take the same time. Made once,
 * outside the gate: a refusal must not be remembered as the decoy.
 */
let decoyHash: Promise<string> | undefined

export async function signup(
  deps: Deps,
  input: { email: string; password: string; name: string },
): Promise<Account> {
  refuseSecretsInText({ name: input.name, email: input.email })
  const name = normalizeName('name', input.name)
  const passwordHash = await hashPassword(input.password)
  try {
    return await deps.db
      .insertInto('users')
      .values({ email: input.email.trim(), name, password_hash: passwordHash })
      .returning(['id', 'email', 'name', 'created_at'])
      .executeTakeFirstOrThrow()
  } catch (error) {
    if (isUniqueViolation(error))
      throw new GatehouseError('email_taken', 'An account with this email already exists.')
    throw error
  }
}

export interface LoginResult {
  token: string
  expires_at: Date
  user: Account
}

export async function login(deps: Deps, input: { email: string; password: string }): Promise<LoginResult> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
    .executeTakeFirst()
  decoyHash ??= hash('decoy password that matches nothing', ARGON2_OPTIONS)
  const storedHash = user?.password_hash ?? (await decoyHash)
  const passwordOk = await passwordHashing.run(() => verify(storedHash, input.password))
  if (!user || !passwordOk)
    throw new GatehouseError('wrong_credentials', 'The email or the password is wrong.')

  const token = generateToken('session')
  const expiresAt = new Date(deps.now().getTime() + deps.config.sessionTtlSeconds * 1000)
  await deps.db
    .insertInto('sessions')
    .values({ user_id: user.id, token_digest: digestToken(token), expires_at: expiresAt })
    .execute()
  await deps.db.updateTable('users').set({ last_activity_at: deps.now() }).where('id', '=', user.id).execute()
  const { password_hash: _, ...account } = user
  return { token, expires_at: expiresAt, user: account }
}

/** Ends the session everywhere at once. */
export async function logout(deps: Deps, principal: UserPrincipal): Promise<void> {
  await changeAndInvalidate(deps, async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', principal.sessionId).execute()
    return { value: undefined, invalidate: [principal.sessionId] }
  })
}

export async function getAccount(deps: Deps, principal: UserPrincipal): Promise<Account> {
  const account = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at'])
    .where('id', '=', principal.userId)
    .executeTakeFirst()
  if (!account) throw unauthenticated()
  return account
}
