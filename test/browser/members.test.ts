import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn, type TestOrganization } from '../support/api.ts'
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

describe.skipIf(!browserAvailable)('console: members and invitations in a real browser', () => {
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let organization: TestOrganization
  const invitee = newUser('Linus Invitee')

  beforeAll(async () => {
    server = await startConsoleServer()
    browser = await launchBrowser()
    const owner = await signUpAndLogIn(server.gatehouse, 'Margaret Hamilton')
    organization = await createOrganization(server.gatehouse, owner)
    await call(server.gatehouse, 'PUT', `/organization/${organization.id}`, {
      as: owner.as,
      body: { name: 'Apollo Guidance', description: 'Flight software' },
    })
    await addMember(server.gatehouse, organization, 'viewer', 'Katherine Johnson')
    await addMember(server.gatehouse, organization, 'admin', 'Dorothy Vaughan')
    ;({ page } = await newPage(browser, server.baseUrl))
    await signInInBrowser(page, owner)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
  })

  const memberRow = (email: string) => page.locator(`tr[data-member-email="${email}"]`)

  it('invites by email and shows the link to copy', async () => {
    await page.goto(`/organizations/${organization.id}/members`)
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor()
    await page.getByLabel('Email').fill(invitee.email)
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Devops' })
    await page.getByRole('button', { name: 'Invite', exact: true }).click()
    const link = page.getByLabel('Invitation link')
    await link.waitFor()
    expect(await link.inputValue()).toMatch(
      new RegExp(`^${server.baseUrl}/invitations/${organization.id}/[0-9a-f-]{36}$`),
    )
    await page.locator(`tr[data-invitation-email="${invitee.email}"]`).waitFor()
    await page.mouse.move(0, 0)
    await screenshot(page, 'members')
  })

  it('the invited person signs up from the link and accepts, in a second browser context', async () => {
    const link = await page.getByLabel('Invitation link').inputValue()
    const second = await newPage(browser, server.baseUrl)
    await second.page.goto(link)
    await second.page.getByRole('heading', { name: 'You have been invited' }).waitFor()
    await second.page.getByRole('link', { name: 'Create an account' }).click()
    await signUpInBrowser(second.page, invitee)
    await second.page.getByRole('heading', { name: 'Join Apollo Guidance' }).waitFor()
    expect(await second.page.locator('main').textContent()).toContain('Margaret Hamilton invited you')
    await screenshot(second.page, 'invitation')
    await second.page.getByRole('button', { name: 'Accept invitation' }).click()
    await second.page.waitForURL(`**/organizations/${organization.id}/api-tokens`)
    // As devops, the new member may manage tokens.
    await second.page.getByRole('button', { name: 'Add new' }).waitFor()
    await second.context.close()

    await page.reload()
    await memberRow(invitee.email).waitFor()
    expect(await memberRow(invitee.email).textContent()).toContain('Linus Invitee')
    expect(await page.locator(`tr[data-invitation-email="${invitee.email}"]`).count()).toBe(0)
  })

  it('changes a role, and removes a member behind a confirmation naming them', async () => {
    const katherine = page.locator('tr', { hasText: 'Katherine Johnson' })
    await katherine.getByLabel('Role of Katherine Johnson').selectOption({ label: 'Billing' })
    await page.getByText('Katherine Johnson is now billing.').waitFor()
    const members = await call(server.gatehouse, 'GET', `/organization/${organization.id}/member`, {
      as: organization.owner.as,
    })
    expect(members.body.results.find((m: { name: string }) => m.name === 'Katherine Johnson').role_name).toBe(
      'billing',
    )

    await katherine.getByRole('button', { name: 'Remove Katherine Johnson' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove member' })
    expect(await confirm.textContent()).toContain('Katherine Johnson')
    expect(await confirm.textContent()).toContain('Apollo Guidance')
    await confirm.getByRole('button', { name: 'Remove member' }).click()
    await katherine.waitFor({ state: 'detached' })
    // Focus moves to the same control in a neighbouring row, never to <body>.
    const focused = await focusedControl(page)
    expect(focused).toMatch(/^(button|combobox) "/)
    expect(focused).not.toContain('Katherine Johnson')
  })

  it('withdraws a pending invitation behind a confirmation', async () => {
    await page.getByLabel('Email').fill('someone.else@example.com')
    await page.getByRole('button', { name: 'Invite', exact: true }).click()
    const row = page.locator('tr[data-invitation-email="someone.else@example.com"]')
    await row.waitFor()
    await row.getByRole('button', { name: 'Withdraw the invitation for someone.else@example.com' }).click()
    const confirm = page.getByRole('dialog', { name: 'Withdraw invitation' })
    expect(await confirm.textContent()).toContain('someone.else@example.com')
    await confirm.getByRole('button', { name: 'Withdraw invitation' }).click()
    await row.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).not.toBe('body')
  })

  it('shows the roles matrix and the activity, filterable by kind', async () => {
    await page.getByRole('link', { name: 'Roles' }).click()
    await page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor()
    const manageTokens = page.locator('tr', { hasText: 'Manage API tokens' })
    expect(await manageTokens.locator('td.allowed').count()).toBe(3)
    await page.mouse.move(0, 0)
    await screenshot(page, 'roles')

    await page.getByRole('link', { name: 'Activity' }).click()
    await page.locator('.activity-item').first().waitFor()
    expect(await page.locator('.activity-list').textContent()).toContain('removed')
    await page.getByLabel('Show').selectOption({ label: 'Invitations' })
    await page.getByText('withdrew the invitation for').first().waitFor()
    expect(await page.locator('.activity-code').allTextContents()).toSatisfy((codes: string[]) =>
      codes.every((code) => code.includes('invitation.')),
    )
    await page.getByLabel('Show').selectOption({ label: 'All activity' })
    await page.getByText('joined the organization').first().waitFor()
    await screenshot(page, 'activity')
  })

  it('an admin sees General editable; a billing member sees it read-only and no member controls', async () => {
    await page.getByRole('link', { name: 'General' }).click()
    const name = page.getByLabel('Organization name')
    await name.fill('Apollo Guidance Computer')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Saved').waitFor()
    await page.getByRole('button', { name: /Organization: Apollo Guidance Computer/ }).waitFor()

    const billing = await addMember(server.gatehouse, organization, 'billing', 'Bill Ing')
    const other = await newPage(browser, server.baseUrl)
    await signInInBrowser(other.page, billing)
    await other.page.goto(`/organizations/${organization.id}/general`)
    await other.page.getByText('Only owners and admins can edit these').waitFor()
    expect(await other.page.getByLabel('Organization name').getAttribute('readonly')).not.toBeNull()
    expect(await other.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0)
    await other.page.goto(`/organizations/${organization.id}/members`)
    await other.page.locator('tr', { hasText: 'Margaret Hamilton' }).waitFor()
    expect(await other.page.getByRole('button', { name: 'Invite', exact: true }).count()).toBe(0)
    expect(await other.page.getByRole('button', { name: /^Remove / }).count()).toBe(0)
    await other.context.close()
  })

  it('transfers ownership (owner only) behind a confirmation', async () => {
    await page.getByRole('link', { name: 'Members' }).click()
    await memberRow(invitee.email)
      .getByRole('button', { name: 'Transfer ownership to Linus Invitee' })
      .click()
    const confirm = page.getByRole('dialog', { name: 'Transfer ownership' })
    expect(await confirm.textContent()).toContain('Linus Invitee')
    await confirm.getByRole('button', { name: 'Transfer ownership' }).click()
    await confirm.waitFor({ state: 'detached' })
    // Now an admin, the former owner is offered no transfer any more.
    await page
      .getByRole('button', { name: /^Transfer ownership to/ })
      .first()
      .waitFor({ state: 'detached' })
    const after = await call(server.gatehouse, 'GET', `/organization/${organization.id}`, {
      as: organization.owner.as,
    })
    const members = await call(server.gatehouse, 'GET', `/organization/${organization.id}/member`, {
      as: organization.owner.as,
    })
    const linus = members.body.results.find((m: { email: string }) => m.email === invitee.email)
    expect(after.body.owner).toBe(linus.id)
  })
  it('lists and creates projects and environments; a viewer sees them without create buttons', async () => {
    await page.getByRole('link', { name: 'Projects' }).click()
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor()
    await page.getByRole('button', { name: 'New project' }).click()
    const dialog = page.getByRole('dialog', { name: 'New project' })
    await dialog.getByLabel('Name').fill('Lunar module')
    await dialog.getByLabel('Description').fill('Descent and ascent guidance')
    await dialog.getByRole('button', { name: 'Create project' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('link', { name: /Lunar module/ }).click()
    await page.getByRole('heading', { name: 'Lunar module', level: 1 }).waitFor()
    await page.getByLabel('Name').fill('flight')
    await page.getByLabel('Mode').selectOption({ label: 'Production' })
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.locator('tr', { hasText: 'flight' }).waitFor()
    expect(await page.locator('tr', { hasText: 'flight' }).locator('.badge').textContent()).toBe('production')
    const projectUrl = new URL(page.url()).pathname

    const viewer = await addMember(server.gatehouse, organization, 'viewer', 'Vic Viewer')
    const other = await newPage(browser, server.baseUrl)
    await signInInBrowser(other.page, viewer)
    await other.page.goto(`/organizations/${organization.id}/projects`)
    await other.page.getByRole('link', { name: /Lunar module/ }).waitFor()
    expect(await other.page.getByRole('button', { name: 'New project' }).count()).toBe(0)
    await other.page.goto(projectUrl)
    await other.page.locator('tr', { hasText: 'flight' }).waitFor()
    expect(await other.page.getByRole('heading', { name: 'New environment' }).count()).toBe(0)
    await other.context.close()
  })
})
