import { expect, it } from 'vitest'
import { FREE_FAILURES } from '../../src/http/plugins/login-limiter.ts'
import { PASSWORD_HASH_CONCURRENCY, passwordHashing } from '../../src/services/accounts.ts'
import { signUpAndLogIn, uniqueSuffix } from '../support/api.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'

/** Failed authentications one address may make per window. */
const ADDRESS_LIMIT = 5

function signIn(gatehouse: TestGatehouse, remoteAddress: string, email: string, password: string) {
  return gatehouse.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { email, password },
  })
}

type Answer = Awaited<ReturnType<typeof signIn>>

function statusCounts(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const answer of answers) counts[answer.statusCode] = (counts[answer.statusCode] ?? 0) + 1
  return counts
}

function expectRateLimited(answer: Answer, retryAfterSeconds?: number) {
  expect(answer.statusCode).toBe(429)
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(JSON.parse(answer.body).reason).toBe('rate_limited')
  const retryAfter = Number(answer.headers['retry-after'])
  if (retryAfterSeconds === undefined) expect(retryAfter).toBeGreaterThanOrEqual(1)
  else expect(retryAfter).toBe(retryAfterSeconds)
}

/** A fresh address for each call, so that only the per-account limit is at play. */
let addressCounter = 0
const nextAddress = () => {
  addressCounter++
  return `198.18.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`
}

describeEachDatabase(
  'Sign-in limits: attempts are reserved before the password hash',
  (gatehouse) => {
    it('40 concurrent wrong passwords from one address: only the limit is evaluated, the rest get 429', async () => {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          // A different account each time: only the address's limit is at play.
          signIn(gatehouse(), '203.0.113.60', `nobody-${i}-${uniqueSuffix()}@example.test`, 'wrong password'),
        ),
      )
      expect(statusCounts(answers)).toEqual({ 401: ADDRESS_LIMIT, 429: 40 - ADDRESS_LIMIT })
      for (const answer of answers.filter((a) => a.statusCode === 429)) expectRateLimited(answer)
    })

    it('a right password takes its reservation back: it never adds to the failures', async () => {
      const user = await signUpAndLogIn(gatehouse())
      for (let i = 0; i < ADDRESS_LIMIT * 2; i++) {
        expect((await signIn(gatehouse(), '203.0.113.61', user.email, user.password)).statusCode).toBe(200)
      }
      for (let i = 0; i < ADDRESS_LIMIT; i++) {
        const wrong = await signIn(gatehouse(), '203.0.113.61', `x-${i}-${user.email}`, 'wrong')
        expect(wrong.statusCode).toBe(401)
      }
      expectRateLimited(await signIn(gatehouse(), '203.0.113.61', user.email, user.password))
    })
  },
  { GATEHOUSE_AUTH_FAILURE_LIMIT: String(ADDRESS_LIMIT) },
)

describeEachDatabase('Sign-in limits: failed sign-ins per account, across addresses', (gatehouse) => {
  it('locks the account briefly after the free failures, with a backoff, whatever the address', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const realNow = gatehouse().deps.now
    let offsetMs = 0
    gatehouse().deps.now = () => new Date(Date.now() + offsetMs)
    try {
      for (let i = 0; i < FREE_FAILURES; i++) {
        expect((await signIn(gatehouse(), nextAddress(), user.email, 'wrong password')).statusCode).toBe(401)
      }
      // Locked for 1 s after the fifth failure: refused before any hash, the right password too.
      expectRateLimited(await signIn(gatehouse(), nextAddress(), user.email, 'wrong password'), 1)
      const right = await signIn(gatehouse(), nextAddress(), user.email, user.password)
      expectRateLimited(right, 1)
      expect(right.body).not.toContain('gses_')
      // Another account is not touched.
      const other = await signUpAndLogIn(gatehouse())
      expect((await signIn(gatehouse(), nextAddress(), other.email, other.password)).statusCode).toBe(200)

      offsetMs += 1000
      expect((await signIn(gatehouse(), nextAddress(), user.email, 'wrong password')).statusCode).toBe(401)
      // The sixth failure doubles the lock; attempts during it do not lengthen it.
      expectRateLimited(await signIn(gatehouse(), nextAddress(), user.email, 'wrong password'), 2)
      offsetMs += 1000
      expectRateLimited(await signIn(gatehouse(), nextAddress(), user.email, 'wrong password'), 1)
      offsetMs += 1000
      // The owner signs in once the lock is over, and that starts the count afresh.
      expect((await signIn(gatehouse(), nextAddress(), user.email, user.password)).statusCode).toBe(200)
      expect((await signIn(gatehouse(), nextAddress(), user.email, 'wrong password')).statusCode).toBe(401)
      expect((await signIn(gatehouse(), nextAddress(), user.email, user.password)).statusCode).toBe(200)
    } finally {
      gatehouse().deps.now = realNow
    }
  })

  it('an unknown email is limited the same way, so the limit tells nobody who has an account', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const unknown = `nobody-${uniqueSuffix()}@example.test`
    const answers: Record<string, Answer[]> = { [user.email]: [], [unknown]: [] }
    for (const email of [user.email, unknown]) {
      for (let i = 0; i <= FREE_FAILURES; i++) {
        answers[email]?.push(await signIn(gatehouse(), nextAddress(), email, 'wrong password'))
      }
    }
    const known = answers[user.email] ?? []
    const stranger = answers[unknown] ?? []
    expect(known.map((a) => a.statusCode)).toEqual(stranger.map((a) => a.statusCode))
    expect(known.at(-1)?.body).toBe(stranger.at(-1)?.body)
    expect(known.at(-1)?.headers['retry-after']).toBe(stranger.at(-1)?.headers['retry-after'])
  })

  it('20 concurrent guesses at one account from 20 addresses: only the free failures are evaluated', async () => {
    const user = await signUpAndLogIn(gatehouse())
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => signIn(gatehouse(), nextAddress(), user.email, 'wrong password')),
    )
    expect(statusCounts(answers)).toEqual({ 401: FREE_FAILURES, 429: 20 - FREE_FAILURES })
  })
})

describeEachDatabase(
  'Sign-in limits: sign-ins per address, right or wrong',
  (gatehouse) => {
    it('answers 429 with Retry-After past GATEHOUSE_LOGIN_LIMIT_PER_MINUTE, even for right passwords', async () => {
      const user = await signUpAndLogIn(gatehouse())
      for (let i = 0; i < 3; i++) {
        expect((await signIn(gatehouse(), '203.0.113.70', user.email, user.password)).statusCode).toBe(200)
      }
      const refused = await signIn(gatehouse(), '203.0.113.70', user.email, user.password)
      expectRateLimited(refused)
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60)
      expect((await signIn(gatehouse(), '203.0.113.71', user.email, user.password)).statusCode).toBe(200)
    })
  },
  { GATEHOUSE_LOGIN_LIMIT_PER_MINUTE: '3' },
)

describeEachDatabase('Sign-in limits: password hashes at once, per process', (gatehouse) => {
  it('a burst of 60 right sign-ins never runs more hashes at once than the cap, and never answers 500', async () => {
    const users = await Promise.all(Array.from({ length: 60 }, () => signUpAndLogIn(gatehouse())))
    let peak = 0
    let sampling = true
    const sample = () => {
      peak = Math.max(peak, passwordHashing.running)
      if (sampling) setImmediate(sample)
    }
    sample()
    const answers = await Promise.all(
      users.map((user) => signIn(gatehouse(), nextAddress(), user.email, user.password)),
    )
    sampling = false
    expect(peak).toBeGreaterThanOrEqual(1)
    expect(peak).toBeLessThanOrEqual(PASSWORD_HASH_CONCURRENCY)
    for (const answer of answers) {
      if (answer.statusCode === 429) expectRateLimited(answer, 1)
      else expect(answer.statusCode).toBe(200)
    }
    expect(passwordHashing.running).toBe(0)
    expect(passwordHashing.waiting).toBe(0)
  })
})
