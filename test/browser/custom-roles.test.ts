import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMember,
  call,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import { createCustomRole, createEnvironment, createProject } from '../support/fixtures.ts'
import {
  browserAvailable,
  type ConsoleServer,
  focusedControl,
  launchBrowser,
  newPage,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

/** Every mode of a project's entry, as the API answers a custom role. */
const modes = (levels: Partial<Record<'DEVELOPMENT' | 'PREVIEW' | 'STAGING' | 'PRODUCTION', string>>) =>
  (['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'] as const).map((mode) => ({
    environment_type: mode,
    permission: levels[mode] ?? 'NO_ACCESS',
  }))

describe.skipIf(!browserAvailable)('console: custom roles, and deploying environments', () => {
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let organization: TestOrganization
  let member: TestUser
  let web: { id: string }
  let apiProject: { id: string }
  const environments: Record<string, { id: string }> = {}
  let roleId = ''

  const api = (method: Parameters<typeof call>[1], path: string, body?: unknown) =>
    call(server.gatehouse, method, path, { as: organization.owner.as, ...(body ? { body } : {}) })
  const org = (path: string) => `/organizations/${organization.id}/${path}`
  const customRoles = async () =>
    (await api('GET', `/organization/${organization.id}/customRole`)).body.results

  beforeAll(async () => {
    server = await startConsoleServer()
    browser = await launchBrowser()
    const owner = await signUpAndLogIn(server.gatehouse, 'Katherine Johnson')
    organization = await createOrganization(server.gatehouse, owner)
    web = await createProject(server.gatehouse, organization, { name: 'web' })
    apiProject = await createProject(server.gatehouse, organization, { name: 'api' })
    for (const [name, mode] of [
      ['staging', 'STAGING'],
      ['preview', 'PREVIEW'],
      ['production', 'PRODUCTION'],
    ] as const)
      environments[name] = await createEnvironment(server.gatehouse, organization, web.id, { name, mode })
    member = await addMember(server.gatehouse, organization, 'viewer', 'Dorothy Vaughan')
    ;({ page } = await newPage(browser, server.baseUrl))
    await signInInBrowser(page, owner)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
  })

  it('creates a custom role with DEPLOYER on STAGING of one project, and the API has exactly that grant', async () => {
    await page.goto(org('roles'))
    await page.getByRole('link', { name: 'New role' }).click()
    await page.getByRole('heading', { name: 'New role', level: 1 }).waitFor()
    await page.getByLabel('Name').fill('web-staging-deployer')
    await page.getByLabel('Description').fill('CI of the web staging environments')
    // One row per project, one menu per mode, named by both.
    const grid = page.getByRole('region', { name: 'Permissions per project and environment mode' })
    expect(await grid.getByRole('combobox').count()).toBe(8)
    expect(await grid.getByRole('combobox', { name: 'api, PRODUCTION' }).inputValue()).toBe('NO_ACCESS')
    await grid.getByRole('combobox', { name: 'web, STAGING' }).selectOption({ label: 'Deployer' })
    await page.getByRole('button', { name: 'Create role' }).click()
    await page.getByRole('status').filter({ hasText: 'Role web-staging-deployer saved.' }).waitFor()

    const roles = await customRoles()
    expect(roles).toHaveLength(1)
    roleId = roles[0].id
    expect(roles[0]).toEqual({
      id: roleId,
      name: 'web-staging-deployer',
      description: 'CI of the web staging environments',
      cluster_permissions: [],
      project_permissions: [
        {
          project_id: web.id,
          project_name: 'web',
          is_admin: false,
          permissions: modes({ STAGING: 'DEPLOYER' }),
        },
      ],
    })
    // The address now names the role, so a reload edits it rather than making another.
    expect(new URL(page.url()).pathname).toBe(org(`roles/${roleId}`))

    await page.getByRole('link', { name: '← All roles' }).click()
    const card = page.locator(`li[data-role-id="${roleId}"]`)
    await card.getByRole('heading', { name: 'web-staging-deployer custom' }).waitFor()
    expect(await card.getByText('web: Staging deployer').count()).toBe(1)
  })

  it('edits the role: an admin project moots its row, a taken name is refused beside the field', async () => {
    await createCustomRole(server.gatehouse, organization, { name: 'spare' })
    await page.goto(org('roles'))
    await page.getByRole('link', { name: 'Edit role web-staging-deployer' }).click()
    await page.getByRole('heading', { name: 'Edit role web-staging-deployer', level: 1 }).waitFor()
    const grid = page.getByRole('region', { name: 'Permissions per project and environment mode' })
    expect(await grid.getByRole('combobox', { name: 'web, STAGING' }).inputValue()).toBe('DEPLOYER')

    await page.getByLabel('Name').fill('SPARE')
    await page.getByRole('button', { name: 'Save changes' }).click()
    const nameError = page.locator('.field-error', { hasText: 'already' })
    await nameError.waitFor()
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true')
    expect((await customRoles()).find((role: { id: string }) => role.id === roleId).name).toBe(
      'web-staging-deployer',
    )

    await page.getByLabel('Name').fill('web-staging-ci')
    await grid.getByRole('combobox', { name: 'web, PREVIEW' }).selectOption('VIEWER')
    await grid.getByRole('combobox', { name: 'api, DEVELOPMENT' }).selectOption('VIEWER')
    await grid.getByRole('checkbox', { name: 'api, admin' }).check()
    // Admin is MANAGER everywhere: the row's menus say so and cannot be changed.
    const apiProduction = grid.getByRole('combobox', { name: 'api, PRODUCTION' })
    expect(await apiProduction.isDisabled()).toBe(true)
    expect(await apiProduction.inputValue()).toBe('MANAGER')
    expect(await grid.getByRole('combobox', { name: 'web, PRODUCTION' }).isDisabled()).toBe(false)
    // Turning admin off gives the row its own levels back.
    await grid.getByRole('checkbox', { name: 'api, admin' }).uncheck()
    expect(await grid.getByRole('combobox', { name: 'api, DEVELOPMENT' }).inputValue()).toBe('VIEWER')
    expect(await apiProduction.isDisabled()).toBe(false)
    await grid.getByRole('checkbox', { name: 'api, admin' }).check()
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Role web-staging-ci saved.' }).waitFor()
    expect(await nameError.count()).toBe(0)

    const role = (await api('GET', `/organization/${organization.id}/customRole/${roleId}`)).body
    expect(role.name).toBe('web-staging-ci')
    const byProject = Object.fromEntries(
      role.project_permissions.map((entry: { project_id: string }) => [entry.project_id, entry]),
    )
    expect(Object.keys(byProject).sort()).toEqual([web.id, apiProject.id].sort())
    expect(byProject[web.id]).toMatchObject({
      is_admin: false,
      permissions: modes({ PREVIEW: 'VIEWER', STAGING: 'DEPLOYER' }),
    })
    expect(byProject[apiProject.id].is_admin).toBe(true)
  })

  it("offers the custom role in the token Add dialog's picker and in a member's role picker", async () => {
    await page.goto(org('api-tokens'))
    await page.getByRole('button', { name: 'Add new' }).click()
    const dialog = page.getByRole('dialog', { name: 'New API token' })
    await dialog.getByLabel('Name').fill('web staging CI')
    const picker = dialog.getByLabel('Role')
    expect(await picker.locator('option').allTextContents()).toContain('web-staging-ci (custom)')
    await picker.selectOption({ label: 'web-staging-ci (custom)' })
    await dialog.getByRole('button', { name: 'Create token' }).click()
    await page.getByRole('dialog', { name: 'Copy your new API token' }).waitFor()
    const tokens = (await api('GET', `/organization/${organization.id}/apiToken`)).body.results
    expect(tokens.find((token: { name: string }) => token.name === 'web staging CI').role_id).toBe(roleId)
    await page.getByRole('button', { name: 'I have copied it' }).click()

    await page.goto(org('members'))
    const memberPicker = page.getByRole('combobox', { name: `Role of ${member.name}` })
    await memberPicker.selectOption({ label: 'web-staging-ci (custom)' })
    await expect
      .poll(async () => {
        const members = (await api('GET', `/organization/${organization.id}/member`)).body.results
        return members.find((candidate: { id: string }) => candidate.id === member.id).role_id
      })
      .toBe(roleId)
  })

  it("deploys from an environment's page as the owner, and lists deployments newest first", async () => {
    await page.goto(org(`projects/${web.id}`))
    await page.getByRole('link', { name: 'staging' }).click()
    await page.getByRole('heading', { name: 'staging', level: 1 }).waitFor()
    await page.getByText('No deployments yet.').waitFor()
    const version = page.getByLabel('Version')

    // A version git would not take is refused beside the field, and nothing is recorded.
    await version.fill('not a sha')
    await page.getByRole('button', { name: 'Deploy' }).click()
    await page.locator('.field-error').waitFor()
    expect(await version.getAttribute('aria-invalid')).toBe('true')

    await version.fill('3f2a1c9')
    await page.getByRole('button', { name: 'Deploy' }).click()
    const table = page.getByRole('table', { name: 'Deployments, newest first' })
    await table.getByRole('cell', { name: '3f2a1c9' }).waitFor()
    // The emptied field takes the focus back from the button it disabled.
    expect(await focusedControl(page)).toBe('textbox "Version"')
    await page.getByText('Deployment of 3f2a1c9 requested.').waitFor({ state: 'attached' })
    await version.fill('v1.4.0')
    await page.getByRole('button', { name: 'Deploy' }).click()
    await table.getByRole('cell', { name: 'v1.4.0' }).waitFor()
    expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual(['v1.4.0', '3f2a1c9'])
    expect(
      await table.locator('tbody tr').first().getByRole('cell', { name: 'Katherine Johnson' }).count(),
    ).toBe(1)

    const listed = (await api('GET', `/environment/${environments.staging?.id}/deployment`)).body.results
    expect(listed.map((deployment: { version: string }) => deployment.version)).toEqual(['v1.4.0', '3f2a1c9'])
    expect(listed[0].requested_by).toMatchObject({ type: 'user', name: 'Katherine Johnson' })
  })

  it("a custom role's holder deploys where it may, and is told in words where it may not; a viewer gets no Deploy", async () => {
    const holder = await newPage(browser, server.baseUrl)
    await signInInBrowser(holder.page, member)
    await holder.page.goto(org(`projects/${web.id}/environments/${environments.staging?.id}`))
    await holder.page.getByLabel('Version').fill('a1b2c3d')
    await holder.page.getByRole('button', { name: 'Deploy' }).click()
    await holder.page.getByRole('cell', { name: 'a1b2c3d' }).waitFor()

    // VIEWER on PREVIEW: the environment and its deployments show, a deployment is refused.
    await holder.page.goto(org(`projects/${web.id}/environments/${environments.preview?.id}`))
    await holder.page.getByRole('heading', { name: 'preview', level: 1 }).waitFor()
    await holder.page.getByLabel('Version').fill('a1b2c3d')
    await holder.page.getByRole('button', { name: 'Deploy' }).click()
    const refusal = holder.page.getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain(
      'does not allow deploying PREVIEW environments of this project',
    )
    expect((await api('GET', `/environment/${environments.preview?.id}/deployment`)).body.results).toEqual([])
    await holder.context.close()

    const viewer = await addMember(server.gatehouse, organization, 'viewer', 'Mary Jackson')
    const other = await newPage(browser, server.baseUrl)
    await signInInBrowser(other.page, viewer)
    await other.page.goto(org(`projects/${web.id}/environments/${environments.staging?.id}`))
    await other.page.getByRole('cell', { name: '3f2a1c9' }).waitFor()
    expect(await other.page.getByRole('button', { name: 'Deploy' }).count()).toBe(0)
    expect(await other.page.getByLabel('Version').count()).toBe(0)
    await other.context.close()
  })

  it('refuses in words to delete a role still held, with the count the API gives; an unused one goes', async () => {
    await page.goto(org('roles'))
    await page.getByRole('button', { name: 'Delete role web-staging-ci' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete role' })
    await confirm.getByRole('button', { name: 'Delete role' }).click()
    const refusal = confirm.getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('held by 1 member and 1 API token')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect((await api('GET', `/organization/${organization.id}/customRole/${roleId}`)).status).toBe(200)

    await page.getByRole('button', { name: 'Delete role spare' }).click()
    await confirm.getByRole('button', { name: 'Delete role' }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.getByRole('heading', { name: 'spare custom' }).waitFor({ state: 'detached' })
    await page.getByText('Role spare deleted.').waitFor({ state: 'attached' })
    expect((await customRoles()).map((role: { name: string }) => role.name)).toEqual(['web-staging-ci'])

    // The pickers read the new list without a reload: the token dialog no longer offers it.
    await page
      .getByRole('navigation', { name: 'Organization' })
      .getByRole('link', { name: 'API tokens' })
      .click()
    await page.getByRole('button', { name: 'Add new' }).click()
    const options = await page
      .getByRole('dialog', { name: 'New API token' })
      .getByLabel('Role')
      .locator('option')
    expect(await options.allTextContents()).toEqual([
      'Admin',
      'Devops',
      'Billing',
      'Viewer',
      'web-staging-ci (custom)',
    ])
  })
})
