import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn, type TestOrganization, type TestUser } from '../support/api.ts'
import { githubClaims, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts'
import {
  browserAvailable,
  type ConsoleServer,
  launchBrowser,
  newPage,
  screenshot,
  seriousAccessibilityViolations,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

/**
 * The Trusted CI page in a real browser: trusts added from the GitHub Actions and GitLab CI presets
 * and from custom claims, their conditions in words, exchanges made by a job (through the API) listed
 * as issued or refused, and a trust deleted.
 */
describe.skipIf(!browserAvailable)('console: Trusted CI in a real browser', () => {
  let issuer: TestIssuer
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let owner: TestUser
  let org: TestOrganization
  const pageProblems: string[] = []

  beforeAll(async () => {
    issuer = await startTestIssuer()
    server = await startConsoleServer({
      GATEHOUSE_OIDC_ISSUERS: `https://token.actions.githubusercontent.com,https://gitlab.com,${issuer.url}`,
    })
    owner = await signUpAndLogIn(server.gatehouse, 'Tess Trust')
    org = await createOrganization(server.gatehouse, owner)
    browser = await launchBrowser()
    ;({ page } = await newPage(browser, server.baseUrl))
    page.on('pageerror', (error) => pageProblems.push(String(error)))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageProblems.push(message.text())
    })
    await signInInBrowser(page, { name: owner.name, email: owner.email, password: owner.password })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
    await issuer?.close()
  })

  const trustsTable = () => page.getByRole('table', { name: 'Trusts' })

  it('adds a trust from the GitHub Actions preset, showing its conditions in words as they are typed', async () => {
    await page.getByRole('link', { name: 'Trusted CI' }).click()
    await page.getByRole('heading', { name: 'No trusted CI yet' }).waitFor()
    await page.getByRole('button', { name: 'Add trust' }).click()
    const dialog = page.getByRole('dialog', { name: 'New trust' })
    await dialog.waitFor()
    expect(await dialog.getByLabel('GitHub Actions').isChecked()).toBe(true)
    await dialog.getByLabel('Owner').fill('acme')
    await expect(dialog.locator('.trust-preview').textContent()).resolves.toBe(
      'Accepts: jobs of acme/* on refs/heads/main',
    )
    await dialog.getByLabel('Repository').fill('web')
    await expect(dialog.locator('.trust-preview').textContent()).resolves.toBe(
      'Accepts: jobs of acme/web on refs/heads/main',
    )
    await dialog.getByLabel('Name').fill('deploy main')
    // Devops by default: a CI job should get no more than it needs; owner is never offered.
    const role = dialog.getByLabel('Role')
    expect(await role.locator('option:checked').textContent()).toBe('Devops')
    expect(await role.locator('option').allTextContents()).not.toContain('Owner')
    await screenshot(page, 'trusted-ci-add')
    await dialog.getByRole('button', { name: 'Create trust' }).click()
    await dialog.waitFor({ state: 'detached' })
    const row = trustsTable().getByRole('row', { name: /deploy main/ })
    await row.waitFor()
    expect(await row.textContent()).toContain('jobs of acme/web on refs/heads/main')
    expect(await row.textContent()).toContain('GitHub Actions')
    expect(await row.textContent()).toContain('15 min')
  })

  it('adds a GitLab CI trust and a custom one; a trust that would accept anyone is refused beside the field', async () => {
    await page.getByRole('button', { name: 'Add trust' }).click()
    let dialog = page.getByRole('dialog', { name: 'New trust' })
    await dialog.getByLabel('GitLab CI').check()
    await dialog.getByLabel('Project path').fill('acme/platform/api')
    await dialog.getByRole('textbox', { name: /^Ref/ }).fill('main')
    await expect(dialog.locator('.trust-preview').textContent()).resolves.toBe(
      'Accepts: jobs of acme/platform/api on main (protected)',
    )
    await dialog.getByLabel('Name').fill('gitlab api')
    await dialog.getByLabel('Role').selectOption({ label: 'Viewer' })
    await dialog.getByLabel('Token lifetime').fill('5')
    await dialog.getByRole('button', { name: 'Create trust' }).click()
    await dialog.waitFor({ state: 'detached' })
    const gitlabRow = trustsTable().getByRole('row', { name: /gitlab api/ })
    await gitlabRow.waitFor()
    expect(await gitlabRow.textContent()).toContain('5 min')

    await page.getByRole('button', { name: 'Add trust' }).click()
    dialog = page.getByRole('dialog', { name: 'New trust' })
    await dialog.getByRole('radio', { name: 'Other (any claims)' }).check()
    await dialog.getByLabel('Issuer').fill(issuer.url)
    await dialog.getByRole('textbox', { name: 'Claims' }).fill('repository=*')
    await dialog.getByLabel('Name').fill('local issuer')
    await dialog.getByRole('button', { name: 'Create trust' }).click()
    await dialog.getByText('must spell out the owner or group').waitFor()
    await dialog.getByRole('textbox', { name: 'Claims' }).fill('repository=acme/*\nref=refs/heads/main')
    await dialog.getByRole('button', { name: 'Create trust' }).click()
    await dialog.waitFor({ state: 'detached' })
    await trustsTable()
      .getByRole('row', { name: /local issuer/ })
      .waitFor()
  })

  it('lists the exchanges CI jobs made, issued and refused, with the reason for the admin', async () => {
    const exchange = async (claims: Record<string, unknown>) =>
      fetch(`${server.baseUrl}/api/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: await issuer.sign(claims),
          subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
          organization_id: org.id,
        }),
      })
    expect(
      (await exchange(githubClaims(issuer.url, server.baseUrl, { repository: 'acme/web' }))).status,
    ).toBe(200)
    expect(
      (
        await exchange(
          githubClaims(issuer.url, server.baseUrl, { repository: 'acme/web', ref: 'refs/heads/dev' }),
        )
      ).status,
    ).toBe(400)
    await page.reload()
    const list = page.getByRole('list', { name: 'Recent exchanges' })
    await list.waitFor()
    const items = await list.getByRole('listitem').allTextContents()
    expect(items[0]).toMatch(/refused\s*acme\/web on refs\/heads\/dev was refused: no trust’s conditions met/)
    expect(items[1]).toMatch(
      /issued\s*acme\/web on refs\/heads\/main got a devops token from the trust local issuer/,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await screenshot(page, 'trusted-ci')

    // The token it issued is in the API tokens list, marked as a CI job's.
    await page.getByRole('link', { name: 'API tokens' }).click()
    const tokenRow = page.getByRole('row', { name: /oidc:local issuer:repo:acme\/web/ })
    await tokenRow.waitFor()
    expect(await tokenRow.textContent()).toContain('CI job')
  })

  it('deletes a trust after confirmation', async () => {
    await page.getByRole('link', { name: 'Trusted CI' }).click()
    await trustsTable().waitFor()
    await page.getByRole('button', { name: 'Delete trust gitlab api' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete trust' })
    await confirm.getByRole('button', { name: 'Delete trust' }).click()
    await confirm.waitFor({ state: 'detached' })
    await trustsTable()
      .getByRole('row', { name: /gitlab api/ })
      .waitFor({ state: 'detached' })
    expect(await trustsTable().getByRole('row').count()).toBe(3)
    expect(pageProblems).toEqual([])
  })
})
