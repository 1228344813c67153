import { expect, it } from 'vitest'
import { call, uniqueSuffix } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /auth/signup: happy', (gatehouse) => {
  it('creates an account and answers 201 with exactly its public fields', async () => {
    const email = `Signup-${uniqueSuffix()}@Example.test`
    const res = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email, password: 'correct horse battery', name: 'Ada Lovelace' },
    })
    expect(res.status).toBe(201)
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'email', 'id', 'name'])
    expect(res.body).toMatchObject({ email, name: 'Ada Lovelace' })
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at)
    expect(String(res.headers['cache-control'])).toBe('no-store')
    // Signing up does not sign in.
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('stores the password as an argon2id hash, never in clear', async () => {
    const email = `hash-${uniqueSuffix()}@example.test`
    const password = `secret-${uniqueSuffix()}-password`
    const res = await call(gatehouse(), 'POST', '/auth/signup', { body: { email, password, name: 'Hash' } })
    expect(res.status).toBe(201)
    const row = await gatehouse()
      .deps.db.selectFrom('users')
      .select('password_hash')
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(row.password_hash).not.toContain(password)
  })

  it('accepts passwords of exactly 8 and 256 characters, and the new account can sign in', async () => {
    for (const password of ['12345678', 'p'.repeat(256)]) {
      const email = `bounds-${uniqueSuffix()}@example.test`
      const signup = await call(gatehouse(), 'POST', '/auth/signup', { body: { email, password, name: 'B' } })
      expect(signup.status).toBe(201)
      const login = await call(gatehouse(), 'POST', '/auth/login', { body: { email, password } })
      expect(login.status).toBe(200)
    }
  })

  it('trims the name it stores', async () => {
    const res = await call(gatehouse(), 'POST', '/auth/signup', {
      body: { email: `trim-${uniqueSuffix()}@example.test`, password: 'long enough', name: '  Grace  ' },
    })
    expect(res.status).toBe(201)
    expect(res.body.name).toBe('Grace')
  })
})
