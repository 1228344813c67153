import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import {
  browserAvailable,
  type ConsoleServer,
  focusedControl,
  launchBrowser,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

const TOKEN_PATTERN = /^gtok_[0-9A-Za-z]{36}$/

/** What assistive technology reads after a control's label: its hint and, when invalid, its error. */
async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  )
}

describe.skipIf(!browserAvailable)(
  "console: a token's life (expiry, edit, rotation, last use, leaks)",
  () => {
    let server: ConsoleServer
    let browser: Browser
    let page: Page
    let owner: TestUser
    let organization: TestOrganization
    let firstValue = ''
    let rotatedValue = ''
    const pageProblems: string[] = []

    beforeAll(async () => {
      server = await startConsoleServer()
      browser = await launchBrowser()
      owner = await signUpAndLogIn(server.gatehouse, 'Katherine Johnson')
      organization = await createOrganization(server.gatehouse, owner)
      ;({ page } = await newPage(browser, server.baseUrl))
      page.on('pageerror', (error) => pageProblems.push(String(error)))
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          pageProblems.push(message.text())
      })
      await signInInBrowser(page, owner)
    })
    afterAll(async () => {
      await browser?.close()
      await server?.gatehouse.close()
    })

    const tokensPath = () => `/organizations/${organization.id}/api-tokens`
    /** A request made with a token, over a real socket from 127.0.0.1, as a script would. */
    const asToken = (token: string, path = '/auth/whoami', init: RequestInit = {}) =>
      fetch(`${server.baseUrl}/api${path}`, {
        ...init,
        headers: { authorization: `Token ${token}`, 'content-type': 'application/json', ...init.headers },
      })
    /** The token as the API reports it to its owner. */
    const apiToken = async (name: string) => {
      const list = await call(
        server.gatehouse,
        'GET',
        `/organization/${organization.id}/apiToken?limit=100`,
        {
          as: owner.as,
        },
      )
      expect(list.status).toBe(200)
      const found = list.body.results.find((t: { name: string }) => t.name === name)
      expect(found, `no token named ${name}`).toBeDefined()
      return found
    }
    const rowOf = (name: string) =>
      page
        .getByRole('table', { name: 'API tokens' })
        .getByRole('row')
        .filter({
          has: page.getByRole('button', { name: `Delete token ${name}`, exact: true }),
        })

    it('creates a token with a custom expiry date and an allowed address range', async () => {
      await page.goto(tokensPath())
      await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor()
      await page.getByRole('button', { name: 'Add new' }).click()
      const dialog = page.getByRole('dialog', { name: 'New API token' })
      await dialog.getByLabel('Name').fill('Deploy bot')
      // 30 days by default, with the instant it means said in the hint.
      const expires = dialog.getByLabel('Expires', { exact: true })
      expect(await expires.locator('option:checked').textContent()).toBe('30 days')
      expect(await descriptionOf(expires)).toMatch(/The token stops working on \w{3} \d{1,2}, \d{4}/)
      expect(await expires.locator('option').allTextContents()).toEqual([
        '7 days',
        '30 days',
        '90 days',
        'Custom date…',
        'Never',
      ])
      await expires.selectOption({ label: 'Custom date…' })
      // Ten days from now, in the browser's own calendar; the token works through that day.
      const { day, endOfDay } = await page.evaluate(() => {
        const now = new Date()
        const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 10)
        const pad = (n: number) => String(n).padStart(2, '0')
        return {
          day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
          endOfDay: new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).toISOString(),
        }
      })
      await dialog.getByLabel('Expiry date').fill(day)
      await dialog.getByLabel('Allowed addresses').fill('127.0.0.0/8\n2001:db8::/32')
      await dialog.getByRole('button', { name: 'Create token' }).click()

      const reveal = page.getByRole('dialog', { name: 'Copy your new API token' })
      firstValue = await reveal.getByLabel('API token Deploy bot').inputValue()
      expect(firstValue).toMatch(TOKEN_PATTERN)
      await reveal.getByRole('button', { name: 'I have copied it' }).click()
      await reveal.waitFor({ state: 'detached' })

      const token = await apiToken('Deploy bot')
      expect(Date.parse(token.expires_at)).toBe(Date.parse(endOfDay))
      expect(token.allowed_cidrs).toEqual(['127.0.0.0/8', '2001:db8::/32'])
      expect(token.status).toBe('active')
      const row = rowOf('Deploy bot')
      const expiry = row.getByRole('cell').nth(3).locator('time')
      expect(Date.parse((await expiry.getAttribute('datetime')) ?? '')).toBe(Date.parse(endOfDay))
      expect(await expiry.textContent()).toMatch(/^(in \d+ days|in \d+ weeks|next week|in 2 weeks)$/)
      expect(await row.getByText('Active', { exact: true }).getAttribute('class')).toContain(
        'badge-status-active',
      )
      expect(await row.getByText(/From .* only/).textContent()).toBe('From 127.0.0.0/8, 2001:db8::/32 only')
      // From 127.0.0.1, inside the range: accepted.
      expect((await asToken(firstValue)).status).toBe(200)
    })

    it('edits the name and description: only they change, and the row shows them', async () => {
      await page.getByRole('button', { name: 'Edit token Deploy bot' }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit API token' })
      expect(await dialog.getByLabel('Name').inputValue()).toBe('Deploy bot')
      expect(await dialog.getByLabel('Allowed addresses').inputValue()).toBe('127.0.0.0/8\n2001:db8::/32')
      expect(
        await dialog.getByLabel('Expires', { exact: true }).locator('option:checked').textContent(),
      ).toMatch(/^Keep: /)
      await dialog.getByLabel('Name').fill('Deploy bot (main)')
      await dialog.getByLabel('Description').fill('Deploys main to production')
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      await dialog.waitFor({ state: 'detached' })
      // Back on the button that opened it (renamed with its row once the list reloads).
      expect(await focusedControl(page)).toMatch(/^button "Edit token Deploy bot( \(main\))?"$/)

      const row = rowOf('Deploy bot (main)')
      await row.waitFor()
      expect(await row.getByText('Deploys main to production').isVisible()).toBe(true)
      expect(await page.getByRole('status').filter({ hasText: 'saved' }).textContent()).toBe(
        'Token Deploy bot (main) saved.',
      )
      const token = await apiToken('Deploy bot (main)')
      expect(token.description).toBe('Deploys main to production')
      expect(token.allowed_cidrs).toEqual(['127.0.0.0/8', '2001:db8::/32'])
      expect(token.role_name).toBe('admin')
      // The value is the same one: an edit never touches it.
      expect((await asToken(firstValue)).status).toBe(200)
    })

    it('a malformed address range is refused beside the field, and nothing changes', async () => {
      const before = await apiToken('Deploy bot (main)')
      await page.getByRole('button', { name: 'Edit token Deploy bot (main)' }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit API token' })
      await dialog.getByLabel('Name').fill('Should not stick')
      const addresses = dialog.getByLabel('Allowed addresses')
      await addresses.fill('127.0.0.0/8\n10.0.0.1/8')
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      await expect.poll(() => addresses.getAttribute('aria-invalid')).toBe('true')
      const description = await descriptionOf(addresses)
      expect(description).toContain(
        '"10.0.0.1/8" has bits set beyond its /8 prefix (did you mean 10.0.0.0/8?)',
      )
      // The name field is not blamed, and the dialog stays open with what was typed.
      expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBeNull()
      expect(await addresses.inputValue()).toBe('127.0.0.0/8\n10.0.0.1/8')
      await screenshot(page, 'api-tokens-edit-error')

      const after = await apiToken('Deploy bot (main)')
      expect(after).toEqual(before)
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await dialog.waitFor({ state: 'detached' })
      expect(await rowOf('Should not stick').count()).toBe(0)
    })

    it('rotates with a grace period: the new value shown once; old and new both work meanwhile', async () => {
      await page.getByRole('button', { name: 'Rotate token Deploy bot (main)' }).click()
      const dialog = page.getByRole('dialog', { name: 'Rotate API token' })
      const grace = dialog.getByLabel('Old value keeps working for')
      expect(await grace.locator('option').allTextContents()).toEqual([
        'None: the old value stops working at once',
        '1 hour',
        '24 hours',
        '7 days',
      ])
      await grace.selectOption({ label: '1 hour' })
      await screenshot(page, 'api-tokens-rotate')
      await dialog.getByRole('button', { name: 'Rotate token' }).click()

      const reveal = page.getByRole('dialog', { name: 'Copy your new API token' })
      rotatedValue = await reveal.getByLabel('API token Deploy bot (main)').inputValue()
      expect(rotatedValue).toMatch(TOKEN_PATTERN)
      expect(rotatedValue).not.toBe(firstValue)
      expect(await reveal.getByText(/The old value keeps working until/).isVisible()).toBe(true)
      expect(await focusedControl(page)).toBe('button "Copy token"')

      // Both values work during the grace period, over a real socket.
      expect((await asToken(rotatedValue)).status).toBe(200)
      expect((await asToken(firstValue)).status).toBe(200)
      const token = await apiToken('Deploy bot (main)')
      const graceEnds = Date.parse(token.grace_period_ends_at)
      expect(graceEnds - Date.now()).toBeGreaterThan(55 * 60_000)
      expect(graceEnds - Date.now()).toBeLessThanOrEqual(3600_000)

      await reveal.getByRole('button', { name: 'I have copied it' }).click()
      await reveal.waitFor({ state: 'detached' })
      expect(await focusedControl(page)).toBe('button "Rotate token Deploy bot (main)"')
      const html = await page.evaluate(() => document.documentElement.outerHTML)
      expect(html).not.toContain(rotatedValue)
      const row = rowOf('Deploy bot (main)')
      const graceNote = row.getByText(/Old value ends in/)
      await graceNote.waitFor()
      expect(await graceNote.textContent()).toMatch(/^Old value ends in (1 hour|60 minutes|59 minutes)$/)
      expect(await graceNote.locator('time').getAttribute('datetime')).toBe(token.grace_period_ends_at)
    })

    it('a second rotation during the grace period is refused beside the grace period, and changes nothing', async () => {
      await page.getByRole('button', { name: 'Rotate token Deploy bot (main)' }).click()
      const dialog = page.getByRole('dialog', { name: 'Rotate API token' })
      const grace = dialog.getByLabel('Old value keeps working for')
      // Said before trying, too.
      expect(await descriptionOf(grace)).toMatch(/a new rotation is refused until then/)
      await dialog.getByRole('button', { name: 'Rotate token' }).click()
      await expect.poll(() => grace.getAttribute('aria-invalid')).toBe('true')
      expect(await descriptionOf(grace)).toMatch(
        /This token was rotated recently and its previous value still works until .+: rotate again after that\./,
      )
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await dialog.waitFor({ state: 'detached' })
      expect((await asToken(rotatedValue)).status).toBe(200)
      expect((await asToken(firstValue)).status).toBe(200)
    })

    it('last use: the row says when, and the addresses expand by keyboard', async () => {
      expect((await asToken(rotatedValue)).status).toBe(200)
      await page.reload()
      const row = rowOf('Deploy bot (main)')
      const used = row.getByRole('cell').nth(4).locator('time').first()
      await used.waitFor()
      expect(Date.now() - Date.parse((await used.getAttribute('datetime')) ?? '')).toBeLessThan(120_000)
      expect(await used.textContent()).toBe('just now')

      const addresses = row.getByRole('button', { name: /^1 address that used Deploy bot \(main\)$/ })
      expect(await addresses.getAttribute('aria-expanded')).toBe('false')
      expect(await addresses.getAttribute('title')).toBe('127.0.0.1')
      const list = row.getByRole('list')
      expect(await list.isVisible()).toBe(false)
      await addresses.focus()
      await page.keyboard.press('Enter')
      expect(await addresses.getAttribute('aria-expanded')).toBe('true')
      const item = list.getByRole('listitem')
      expect(await item.count()).toBe(1)
      expect(await item.locator('.mono').textContent()).toBe('127.0.0.1')
      await screenshot(page, 'api-tokens-last-used')
      await page.keyboard.press('Enter')
      expect(await list.isVisible()).toBe(false)
    })

    it('filters the list to expired tokens and to stale ones', async () => {
      // One that expires in a moment (the API takes only future expiries), one unused for 100 days.
      const soon = await call(server.gatehouse, 'POST', `/organization/${organization.id}/apiToken`, {
        as: owner.as,
        body: { name: 'Old nightly', expires_at: new Date(Date.now() + 1500).toISOString() },
      })
      expect(soon.status).toBe(201)
      const forgotten = await call(server.gatehouse, 'POST', `/organization/${organization.id}/apiToken`, {
        as: owner.as,
        body: { name: 'Forgotten script' },
      })
      expect(forgotten.status).toBe(201)
      // The one thing no request can do: make a token 100 days old (a test cannot wait that long).
      await server.gatehouse.deps.db
        .updateTable('api_tokens')
        .set({ created_at: new Date(Date.now() - 100 * 24 * 3600 * 1000) })
        .where('id', '=', forgotten.body.id)
        .execute()
      await expect
        .poll(async () => (await apiToken('Old nightly')).status, { timeout: 10_000 })
        .toBe('expired')

      await page.reload()
      await rowOf('Old nightly').waitFor()
      const show = page.getByLabel('Show')
      const names = async () =>
        (
          await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr .strong').allTextContents()
        ).sort()

      await show.selectOption({ label: 'Expired' })
      await expect.poll(names).toEqual(['Old nightly'])
      expect(
        await rowOf('Old nightly').getByText('Expired', { exact: true }).getAttribute('class'),
      ).toContain('badge-status-expired')

      await show.selectOption({ label: 'Unused for 90 days' })
      await expect.poll(names).toEqual(['Forgotten script'])
      expect(await rowOf('Forgotten script').getByText('Stale', { exact: true }).isVisible()).toBe(true)

      await show.selectOption({ label: 'Leaked, revoked' })
      await page.getByText('No token matches this filter.').waitFor()
      // The Add button stays while a filter shows nothing.
      expect(await page.getByRole('button', { name: 'Add new' }).isVisible()).toBe(true)

      await show.selectOption({ label: 'All tokens' })
      await expect.poll(names).toEqual(['Deploy bot (main)', 'Forgotten script', 'Old nightly'])
    })

    it('a leaked token is called out in a banner, and rotating it from there brings it back', async () => {
      const created = await call(server.gatehouse, 'POST', `/organization/${organization.id}/apiToken`, {
        as: owner.as,
        body: { name: 'Leaky', description: 'Committed by mistake' },
      })
      expect(created.status).toBe(201)
      const report = await fetch(`${server.baseUrl}/api/apiToken/revokeLeaked`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { token: created.body.token, url: 'https://github.com/acme/app/blob/main/.env', source: 'content' },
        ]),
      })
      expect(report.status).toBe(200)
      expect((await asToken(created.body.token)).status).toBe(401)

      await page.reload()
      const banner = page.getByRole('alert').filter({ hasText: 'found in public' })
      await banner.waitFor()
      expect(await banner.getByText('https://github.com/acme/app/blob/main/.env').isVisible()).toBe(true)
      expect(await banner.getByText('Leaky', { exact: true }).isVisible()).toBe(true)
      expect(
        await rowOf('Leaky').getByText('Leaked, revoked', { exact: true }).getAttribute('class'),
      ).toContain('badge-status-revoked_leaked')
      await screenshot(page, 'api-tokens-leaked')

      await banner.getByRole('button', { name: 'Rotate Leaky' }).click()
      const dialog = page.getByRole('dialog', { name: 'Rotate API token' })
      // A public value gets no grace period: the choice is not offered.
      expect(await dialog.getByText('no grace period').isVisible()).toBe(true)
      expect(await dialog.getByLabel('Old value keeps working for').count()).toBe(0)
      await dialog.getByRole('button', { name: 'Rotate token' }).click()
      const reveal = page.getByRole('dialog', { name: 'Copy your new API token' })
      const value = await reveal.getByLabel('API token Leaky').inputValue()
      expect(await reveal.getByText('The old value no longer works.').isVisible()).toBe(true)
      await reveal.getByRole('button', { name: 'I have copied it' }).click()
      await reveal.waitFor({ state: 'detached' })
      await banner.waitFor({ state: 'detached' })
      await rowOf('Leaky').getByText('Active', { exact: true }).waitFor()
      expect((await asToken(value)).status).toBe(200)
      expect((await asToken(created.body.token)).status).toBe(401)
    })

    it("offers only expiries within the organization's limit, and never not at all", async () => {
      const limited = await call(server.gatehouse, 'PUT', `/organization/${organization.id}`, {
        as: owner.as,
        body: { name: organization.name, api_token_max_lifetime_days: 14 },
      })
      expect(limited.status).toBe(200)
      await page.reload()
      await page.getByRole('button', { name: 'Add new' }).click()
      const dialog = page.getByRole('dialog', { name: 'New API token' })
      const expires = dialog.getByLabel('Expires', { exact: true })
      expect(await expires.locator('option').allTextContents()).toEqual([
        '7 days',
        "14 days (the organization's limit)",
        'Custom date…',
      ])
      expect(await expires.locator('option:checked').textContent()).toBe("14 days (the organization's limit)")
      expect(await descriptionOf(expires)).toContain("This organization's tokens must expire within 14 days.")
      await expires.selectOption({ label: 'Custom date…' })
      const max = await dialog.getByLabel('Expiry date').getAttribute('max')
      // The latest date offered ends (at the next local midnight) within the 14 days; a day later would not.
      const endOfLatest = await page.evaluate((day) => {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number]
        return new Date(y, m - 1, d + 1).getTime()
      }, max ?? '')
      expect(endOfLatest).toBeLessThanOrEqual(Date.now() + 14 * 24 * 3600 * 1000)
      expect(endOfLatest + 24 * 3600 * 1000).toBeGreaterThan(Date.now() + 14 * 24 * 3600 * 1000)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      await call(server.gatehouse, 'PUT', `/organization/${organization.id}`, {
        as: owner.as,
        body: { name: organization.name, api_token_max_lifetime_days: null },
      })
    })

    it('fits a phone: the list and the edit dialog, with nothing scrolling sideways and no axe violation', async () => {
      const phone = await newPage(browser, server.baseUrl, { width: 390, height: 780 })
      await phone.context.addCookies(await page.context().cookies())
      await phone.page.goto(tokensPath())
      await phone.page.getByRole('button', { name: /^1 address that used Deploy bot \(main\)$/ }).click()
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      expect(await seriousAccessibilityViolations(phone.page)).toEqual([])
      await screenshot(phone.page, 'api-tokens-lifecycle-phone')
      await phone.page.getByRole('button', { name: 'Edit token Deploy bot (main)' }).click()
      const dialog = phone.page.getByRole('dialog', { name: 'Edit API token' })
      await dialog.waitFor()
      const fits = await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)
      expect(fits).toBe(true)
      expect(await seriousAccessibilityViolations(phone.page)).toEqual([])
      await phone.context.close()
    })

    it('ran without script errors or Content-Security-Policy refusals', () => {
      expect(pageProblems).toEqual([])
    })
  },
)
