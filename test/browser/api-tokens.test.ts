import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, createOrganization, signUpAndLogIn } from '../support/api.ts'
import {
  browserAvailable,
  type ConsoleServer,
  focusedControl,
  launchBrowser,
  newPage,
  newUser,
  screenshot,
  signInInBrowser,
  signUpInBrowser,
  startConsoleServer,
} from './support.ts'

const TOKEN_PATTERN = /gtok_[0-9A-Za-z]{36}/

describe.skipIf(!browserAvailable)('console: API tokens in a real browser', () => {
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let organizationId = ''
  let tokenValue = ''
  const pageProblems: string[] = []

  beforeAll(async () => {
    server = await startConsoleServer()
    browser = await launchBrowser()
    ;({ page } = await newPage(browser, server.baseUrl))
    // Script errors and CSP refusals would show here; refused API calls (4xx) are expected.
    page.on('pageerror', (error) => pageProblems.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageProblems.push(message.text())
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
  })

  const apiAs = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}/api${path}`, {
      ...init,
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json', ...init.headers },
    })

  it('signs up and leads a new user to create their first organization', async () => {
    await page.goto('/')
    await page.waitForURL('**/signin')
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' }).isVisible()).resolves.toBe(true)
    await screenshot(page, 'sign-in')

    await page.getByRole('link', { name: 'Create an account' }).click()
    await signUpInBrowser(page, newUser('Ada Lovelace'))
    await page.waitForURL('**/new')
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor()
    await page.getByLabel('Organization name').fill('Acme Robotics')
    await page.getByLabel('Description').fill('Robots that deploy themselves')
    await screenshot(page, 'first-run')
    await page.getByRole('button', { name: 'Create organization' }).click()

    await page.waitForURL(/\/organizations\/[0-9a-f-]{36}\/api-tokens$/)
    organizationId = /organizations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? ''
    await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor()
    expect(await page.locator('.empty-state pre').textContent()).toContain('Authorization: Token')
    await screenshot(page, 'api-tokens-empty')
  })

  it('creates a token and shows its value once', async () => {
    await page.getByRole('button', { name: 'Add new' }).click()
    const dialog = page.getByRole('dialog', { name: 'New API token' })
    await dialog.waitFor()
    // The role select offers the owner's grantable roles, admin by default, never owner.
    const role = dialog.getByLabel('Role')
    expect(await role.locator('option:checked').textContent()).toBe('Admin')
    expect(await role.locator('option').allTextContents()).toEqual(['Admin', 'Devops', 'Billing', 'Viewer'])
    await dialog.getByLabel('Name').fill('GitHub Actions deploy')
    await dialog.getByLabel('Description').fill('Deploys main to production')
    await dialog.getByRole('button', { name: 'Create token' }).click()

    const reveal = page.getByRole('dialog', { name: 'Copy your new API token' })
    await reveal.waitFor()
    tokenValue = await reveal.getByLabel('API token GitHub Actions deploy').inputValue()
    expect(tokenValue).toMatch(new RegExp(`^${TOKEN_PATTERN.source}$`))
    expect(await reveal.textContent()).toContain('It will not be shown again')
    // Focus lands on the copy button, inside the dialog (not on <body>, whose text also says "Copy").
    expect(await focusedControl(page)).toBe('button "Copy token"')
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true)
    await screenshot(page, 'api-tokens-created')
  })

  it('the token works against the API with the Token header', async () => {
    const whoami = await apiAs(tokenValue, '/auth/whoami')
    expect(whoami.status).toBe(200)
    const body = await whoami.json()
    expect(body).toMatchObject({
      type: 'api_token',
      api_token: { name: 'GitHub Actions deploy', organization_id: organizationId, role_name: 'admin' },
    })
  })

  it('forgets the value when the dialog closes: not in the page, the storages or the URL', async () => {
    await page.getByRole('button', { name: 'I have copied it' }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    // Focus returns to the control that opened the dialog (the empty state's is gone by now).
    expect(await focusedControl(page)).toBe('button "Add new"')
    const row = page.locator('tr', { hasText: 'GitHub Actions deploy' })
    await row.waitFor()

    const traces = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      text: document.body.textContent,
      inputs: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value),
      local: Object.entries(localStorage).flat().join('\n'),
      session: Object.entries(sessionStorage).flat().join('\n'),
      url: window.location.href,
      cookies: document.cookie,
      // Every URL the page fetched or navigated to: the value never travels in one.
      requests: performance
        .getEntries()
        .map((entry) => entry.name)
        .join('\n'),
    }))
    for (const [where, value] of Object.entries(traces))
      expect(String(value), where).not.toContain(tokenValue)
    expect(traces.html).not.toMatch(TOKEN_PATTERN)
    // The session token is never stored by the console either (it lives in an HttpOnly cookie).
    expect(traces.local + traces.session).not.toMatch(/gses_/)

    // The list shows the token without its value, with its role and creator.
    expect(await row.textContent()).toContain('Deploys main to production')
    expect(await row.locator('td[data-label="Role"] .badge').textContent()).toBe('admin')
    expect(await row.textContent()).toContain('Ada Lovelace')
    expect(await row.locator('td[data-label="Created"] time').getAttribute('title')).toMatch(/\d{4}/)
  })

  it('shows the server message beside the name on a duplicate', async () => {
    await page.getByRole('button', { name: 'Add new' }).click()
    const dialog = page.getByRole('dialog', { name: 'New API token' })
    await dialog.getByLabel('Name').fill('github actions DEPLOY')
    await dialog.getByRole('button', { name: 'Create token' }).click()
    const server409 = await apiAs(tokenValue, `/organization/${organizationId}/apiToken`, {
      method: 'POST',
      body: JSON.stringify({ name: 'github actions DEPLOY', role_id: null }),
    })
    expect(server409.status).toBe(409)
    const { detail } = await server409.json()
    const error = dialog.locator('.field-error')
    await error.waitFor()
    expect(await error.textContent()).toBe(detail)
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true')

    // Another name works; the list then shows both (the "with tokens" screenshot).
    await dialog.getByLabel('Name').fill('Nightly backup')
    await dialog.getByLabel('Description').fill('Reads projects for the backup job')
    await dialog.getByLabel('Role').selectOption({ label: 'Viewer' })
    await dialog.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('button', { name: 'I have copied it' }).click()
    await page.locator('tr', { hasText: 'Nightly backup' }).waitFor()
    await page.mouse.move(0, 0)
    await screenshot(page, 'api-tokens')
  })

  it('closing the value unread (Escape or ×) asks once whether it was copied', async () => {
    const add = page.getByRole('button', { name: 'Add new' })
    await add.click()
    await page.getByRole('dialog', { name: 'New API token' }).getByLabel('Name').fill('Staging deploy')
    await page.getByRole('button', { name: 'Create token' }).click()
    const reveal = page.getByRole('dialog', { name: 'Copy your new API token' })
    await reveal.waitFor()

    // Escape: the dialog stays, asks, and puts focus on the copy button.
    await page.keyboard.press('Escape')
    const question = reveal.getByRole('alert')
    await question.waitFor()
    expect(await question.textContent()).toContain('Copied your token? It will not be shown again')
    expect(await reveal.isVisible()).toBe(true)
    expect(await focusedControl(page)).toBe('button "Copy token"')
    // Asked once: the second close closes, and focus returns to the opener.
    await reveal.getByRole('button', { name: 'Close', exact: true }).click()
    await reveal.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Add new"')

    // Copied first: Escape closes at once, without asking.
    await add.click()
    await page.getByRole('dialog', { name: 'New API token' }).getByLabel('Name').fill('Metrics reader')
    await page.getByRole('button', { name: 'Create token' }).click()
    await reveal.waitFor()
    const value = await reveal.getByLabel('API token Metrics reader').inputValue()
    await reveal.getByRole('button', { name: 'Copy token' }).click()
    // ("Copied" shows only for two seconds: a busy machine could miss it, so read the clipboard.)
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(value)
    await page.keyboard.press('Escape')
    await reveal.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Add new"')
  })

  it('the × asks too, and the reveal dialog wraps its curl example on a phone', async () => {
    const phone = await newPage(browser, server.baseUrl, { width: 390, height: 780 })
    await phone.context.addCookies(await page.context().cookies())
    await phone.page.goto(`/organizations/${organizationId}/api-tokens`)
    await phone.page.getByRole('button', { name: 'Add new' }).click()
    await phone.page.getByRole('dialog', { name: 'New API token' }).getByLabel('Name').fill('Phone check')
    await phone.page.getByRole('button', { name: 'Create token' }).click()
    const reveal = phone.page.getByRole('dialog', { name: 'Copy your new API token' })
    await reveal.waitFor()
    const example = reveal.getByRole('region', { name: 'Example: calling the API with curl' })
    // Wrapped, nothing cut off: the block is as wide as its text needs, no wider than the dialog.
    const fits = await example.evaluate((element) => element.scrollWidth <= element.clientWidth)
    expect(fits).toBe(true)
    expect(await example.textContent()).toContain('/api/auth/whoami')
    expect(await example.getAttribute('tabindex')).toBe('0')
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(phone.page, 'api-tokens-created-phone')

    await reveal.getByRole('button', { name: 'Close', exact: true }).click()
    await reveal.getByRole('alert').waitFor()
    await phone.page.keyboard.press('Escape')
    await reveal.waitFor({ state: 'detached' })
    await phone.context.close()
  })

  it('works by keyboard: the dialog traps focus, Escape closes it and focus returns', async () => {
    const add = page.getByRole('button', { name: 'Add new' })
    await add.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'New API token' })
    await dialog.waitFor()
    expect(
      await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent),
    ).toBe('Name')
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Add new"')
  })

  it('deletes a token behind a confirmation naming it, and the token is then refused', async () => {
    await page.getByRole('button', { name: 'Delete token GitHub Actions deploy' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete API token' })
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain('GitHub Actions deploy')
    await confirm.getByRole('button', { name: 'Delete token' }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.locator('tr', { hasText: 'GitHub Actions deploy' }).waitFor({ state: 'detached' })
    expect(await page.locator('tr', { hasText: 'Nightly backup' }).count()).toBe(1)
    // Focus moves to the delete button of a neighbouring row, not to <body>.
    const focused = await focusedControl(page)
    expect(focused).toMatch(/^button "Delete token /)
    expect(focused).not.toContain('GitHub Actions deploy')

    // Cancelling returns focus to the button that opened the confirmation.
    await page.getByRole('button', { name: 'Delete token Nightly backup' }).click()
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Delete token Nightly backup"')

    const refused = await apiAs(tokenValue, '/auth/whoami')
    expect(refused.status).toBe(401)
  })

  it('saves the phone and dark screenshots of the tokens page', async () => {
    const phone = await newPage(browser, server.baseUrl, { width: 390, height: 780 })
    await phone.context.addCookies(await page.context().cookies())
    await phone.page.goto(`/organizations/${organizationId}/api-tokens`)
    await phone.page.locator('tr', { hasText: 'Nightly backup' }).waitFor()
    // Nothing wider than the screen: the table became cards.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(phone.page, 'api-tokens-phone')
    await phone.context.close()

    const dark = await newPage(browser, server.baseUrl, { colorScheme: 'dark' })
    await dark.context.addCookies(await page.context().cookies())
    await dark.page.goto(`/organizations/${organizationId}/api-tokens`)
    await dark.page.locator('tr', { hasText: 'Nightly backup' }).waitFor()
    const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(background).not.toBe('rgb(247, 247, 248)')
    await screenshot(dark.page, 'api-tokens-dark')
    await dark.context.close()
  })

  it('offers a viewer no Add button, and a devops member only the roles it may grant', async () => {
    const owner = await signUpAndLogIn(server.gatehouse, 'Grace Owner')
    const organization = await createOrganization(server.gatehouse, owner)
    const viewer = await addMember(server.gatehouse, organization, 'viewer', 'Vera Viewer')
    const devops = await addMember(server.gatehouse, organization, 'devops', 'Dev Ops')

    const asViewer = await newPage(browser, server.baseUrl)
    await signInInBrowser(asViewer.page, viewer)
    await asViewer.page.goto(`/organizations/${organization.id}/api-tokens`)
    await asViewer.page.getByRole('heading', { name: "You can't manage API tokens" }).waitFor()
    expect(await asViewer.page.getByRole('button', { name: 'Add new' }).count()).toBe(0)
    expect(await asViewer.page.locator('main').textContent()).toContain('viewer')
    await asViewer.context.close()

    const asDevops = await newPage(browser, server.baseUrl)
    await signInInBrowser(asDevops.page, devops)
    await asDevops.page.goto(`/organizations/${organization.id}/api-tokens`)
    await asDevops.page.getByRole('button', { name: 'Add new' }).click()
    const options = await asDevops.page
      .getByRole('dialog')
      .getByLabel('Role')
      .locator('option')
      .allTextContents()
    expect(options).toEqual(['Devops', 'Billing', 'Viewer'])
    await asDevops.context.close()
  })
  it('switches and creates organizations from the switcher, by keyboard', async () => {
    await page.goto(`/organizations/${organizationId}/api-tokens`)
    const switcher = page.getByRole('button', { name: /Organization: Acme Robotics/ })
    await switcher.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('link', { name: 'Create organization' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Acme Robotics')
    await page.keyboard.press('Escape')
    await page.getByRole('link', { name: 'Create organization' }).waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false')

    await page.keyboard.press('Enter')
    await page.getByRole('link', { name: 'Create organization' }).click()
    await page.getByRole('heading', { name: 'Create an organization' }).waitFor()
    await page.getByLabel('Organization name').fill('Acme Labs')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: /Organization: Acme Labs/ }).waitFor()
    await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor()

    await page.getByRole('button', { name: /Organization: Acme Labs/ }).click()
    await page.getByRole('link', { name: 'Acme Robotics' }).click()
    await page.locator('tr', { hasText: 'Nightly backup' }).waitFor()
    expect(page.url()).toContain(organizationId)
  })

  it('ran without script errors or Content-Security-Policy refusals', () => {
    expect(pageProblems).toEqual([])
  })
})
