import { randomBytes } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn, type TestOrganization, type TestUser } from '../support/api.ts'
import {
  browserAvailable,
  type ConsoleServer,
  focusedControl,
  launchBrowser,
  newPage,
  seriousAccessibilityViolations,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

/**
 * The API answers a hundred tokens per page; the console shows the first page and a "Load more"
 * button that follows the cursor, usable from the keyboard, until every token is on the page.
 */
describe.skipIf(!browserAvailable)('console: a token list longer than one page', () => {
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let owner: TestUser
  let org: TestOrganization
  const count = 205
  /** Newest first, as the page lists them. */
  const names = Array.from({ length: count }, (_, i) => `token ${String(count - 1 - i).padStart(3, '0')}`)
  const pageProblems: string[] = []

  beforeAll(async () => {
    server = await startConsoleServer()
    browser = await launchBrowser()
    ;({ page } = await newPage(browser, server.baseUrl))
    page.on('pageerror', (error) => pageProblems.push(String(error)))
    owner = await signUpAndLogIn(server.gatehouse, 'Paige Loader')
    org = await createOrganization(server.gatehouse, owner)
    // Straight to the database, one second apart so their order is known (two hundred creations
    // through the API would each write an audit record and take far longer).
    const start = Date.now() - 24 * 3600 * 1000
    await server.gatehouse.deps.db
      .insertInto('api_tokens')
      .values(
        Array.from({ length: count }, (_, i) => ({
          organization_id: org.id,
          name: `token ${String(i).padStart(3, '0')}`,
          description: '',
          role_id: org.roles.viewer,
          token_digest: randomBytes(32),
          creator_type: 'user' as const,
          creator_id: owner.id,
          creator_name: owner.name,
          created_at: new Date(start + i * 1000),
        })),
      )
      .execute()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
  })

  const rows = () => page.locator('table[aria-label="API tokens"] tbody tr')
  const rowNames = () => page.locator('table[aria-label="API tokens"] tbody tr .strong').allTextContents()
  const loadMore = () => page.getByRole('button', { name: 'Load more tokens' })

  it('shows the first hundred tokens, newest first, and a Load more button', async () => {
    await signInInBrowser(page, owner)
    await page.goto(`/organizations/${org.id}/api-tokens`)
    await rows().first().waitFor()
    expect(await rows().count()).toBe(100)
    expect(await rowNames()).toEqual(names.slice(0, 100))
    expect(await loadMore().isVisible()).toBe(true)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
  })

  it('loads the next hundred from the keyboard, keeping the focus on the button', async () => {
    await loadMore().focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="API tokens"] tbody tr').length === 200,
    )
    expect(await rowNames()).toEqual(names.slice(0, 200))
    expect(await focusedControl(page)).toBe('button "Load more tokens"')
  })

  it('loads the last five with a click; the button gives way to a line that takes its focus', async () => {
    await loadMore().click()
    await page.getByText(`All ${count} tokens shown.`).waitFor()
    expect(await rowNames()).toEqual(names)
    expect(await loadMore().count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`All ${count} tokens shown.`)
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: `${count} tokens shown.` })
        .count(),
    ).toBe(1)
  })

  it('keeps every loaded token on the page after one on the last page is deleted', async () => {
    const oldest = names.at(-1) as string
    await page.getByRole('button', { name: `Delete token ${oldest}` }).click()
    await page
      .getByRole('dialog', { name: 'Delete API token' })
      .getByRole('button', { name: 'Delete token' })
      .click()
    await page.waitForFunction(
      (expected) => document.querySelectorAll('table[aria-label="API tokens"] tbody tr').length === expected,
      count - 1,
    )
    expect(await rowNames()).toEqual(names.slice(0, -1))
    expect(pageProblems).toEqual([])
  })
})
