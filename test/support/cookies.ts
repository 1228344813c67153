import { expect } from 'vitest'
import type { ApiResponse, TestUser } from './api.ts'
import { call } from './api.ts'
import type { TestGatehouse } from './harness.ts'

export interface SetCookie {
  value: string
  /** Attributes in lower case, e.g. `httponly`, `samesite=lax`, `path=/`. */
  attributes: string[]
}

/** The cookies a response sets, by name. */
export function setCookiesOf(response: ApiResponse): Record<string, SetCookie> {
  const header = response.headers['set-cookie']
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [String(header)]
  const cookies: Record<string, SetCookie> = {}
  for (const line of lines) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
    const eq = pair.indexOf('=')
    cookies[pair.slice(0, eq)] = {
      value: decodeURIComponent(pair.slice(eq + 1)),
      attributes: attributes.map((a) => a.toLowerCase()),
    }
  }
  return cookies
}

/** What the console holds after signing in: the Cookie header to send and the CSRF value to echo. */
export interface CookieLogin {
  cookie: string
  csrf: string
  session: string
}

export async function logInWithCookies(gatehouse: TestGatehouse, user: TestUser): Promise<CookieLogin> {
  const login = await call(gatehouse, 'POST', '/auth/login', {
    body: { email: user.email, password: user.password },
  })
  expect(login.status).toBe(200)
  const cookies = setCookiesOf(login)
  const session = cookies.gatehouse_session?.value as string
  const csrf = cookies.gatehouse_csrf?.value as string
  expect(session).toBeTruthy()
  expect(csrf).toBeTruthy()
  return { cookie: `gatehouse_session=${session}; gatehouse_csrf=${csrf}`, csrf, session }
}
