import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMember, call, createOrganization, signUpAndLogIn, type TestOrganization } from '../support/api.ts'
import {
  browserAvailable,
  type ConsoleServer,
  focusedControl,
  launchBrowser,
  newPage,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

describe.skipIf(!browserAvailable)('console: editing and deleting projects and environments', () => {
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let organization: TestOrganization
  let lunar: { id: string }
  let command: { id: string }
  const environmentIds: Record<string, string> = {}

  const api = (method: Parameters<typeof call>[1], path: string, body?: unknown) =>
    call(server.gatehouse, method, path, { as: organization.owner.as, ...(body ? { body } : {}) })

  beforeAll(async () => {
    server = await startConsoleServer()
    browser = await launchBrowser()
    const owner = await signUpAndLogIn(server.gatehouse, 'Margaret Hamilton')
    organization = await createOrganization(server.gatehouse, owner)
    const projects = `/organization/${organization.id}/project`
    lunar = (await api('POST', projects, { name: 'Lunar module', description: 'Descent guidance' })).body
    command = (await api('POST', projects, { name: 'Command module' })).body
    for (const [name, mode] of [
      ['flight', 'PRODUCTION'],
      ['simulator', 'DEVELOPMENT'],
      ['rehearsal', 'STAGING'],
    ]) {
      const created = await api('POST', `/project/${lunar.id}/environment`, { name, mode })
      expect(created.status).toBe(201)
      environmentIds[name as string] = created.body.id
    }
    ;({ page } = await newPage(browser, server.baseUrl))
    await signInInBrowser(page, owner)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
  })

  const projectUrl = (id: string) => `/organizations/${organization.id}/projects/${id}`
  const environmentRow = (name: string) => page.locator(`tr[data-environment-id="${environmentIds[name]}"]`)

  it('renames a project and changes its description; the list shows the new name', async () => {
    await page.goto(projectUrl(lunar.id))
    await page.getByRole('heading', { name: 'Lunar module', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Edit project' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit project' })
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Lunar module')
    await dialog.getByLabel('Name').fill('Lunar excursion module')
    await dialog.getByLabel('Description').fill('Descent and ascent guidance')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('heading', { name: 'Lunar excursion module', level: 1 }).waitFor()
    expect(await page.locator('.page-description').textContent()).toBe('Descent and ascent guidance')

    await page.getByRole('link', { name: '← All projects' }).click()
    await page.getByRole('link', { name: /Lunar excursion module/ }).waitFor()
    expect(await page.getByRole('link', { name: /^Lunar module/ }).count()).toBe(0)
    const stored = await api('GET', `/project/${lunar.id}`)
    expect(stored.body).toMatchObject({
      name: 'Lunar excursion module',
      description: 'Descent and ascent guidance',
    })
  })

  it("shows the server's message inline when a name is taken, and changes nothing", async () => {
    await page.goto(projectUrl(lunar.id))
    await page.getByRole('button', { name: 'Edit project' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit project' })
    await dialog.getByLabel('Name').fill('command MODULE')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.getByText('already exists in this organization').waitFor()
    expect(await dialog.locator('.field-error').textContent()).toBe(
      'A project named "command MODULE" already exists in this organization.',
    )
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Edit project"')
    expect((await api('GET', `/project/${lunar.id}`)).body.name).toBe('Lunar excursion module')

    await environmentRow('simulator').getByRole('button', { name: 'Edit environment simulator' }).click()
    const environmentDialog = page.getByRole('dialog', { name: 'Edit environment' })
    await environmentDialog.getByLabel('Name').fill('flight')
    await environmentDialog.getByRole('button', { name: 'Save changes' }).click()
    await environmentDialog.getByText('already exists in this project').waitFor()
    await environmentDialog.getByRole('button', { name: 'Cancel' }).click()
    expect((await api('GET', `/environment/${environmentIds.simulator}`)).body.name).toBe('simulator')
  })

  it('renames an environment and changes its mode', async () => {
    await environmentRow('simulator').getByRole('button', { name: 'Edit environment simulator' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit environment' })
    expect(await dialog.getByLabel('Mode').inputValue()).toBe('DEVELOPMENT')
    await dialog.getByLabel('Name').fill('preview-sim')
    await dialog.getByLabel('Mode').selectOption({ label: 'Preview' })
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.waitFor({ state: 'detached' })
    await environmentRow('simulator').getByText('preview-sim').waitFor()
    expect(await environmentRow('simulator').locator('.badge').textContent()).toBe('preview')
    const stored = await api('GET', `/environment/${environmentIds.simulator}`)
    expect(stored.body).toMatchObject({ name: 'preview-sim', mode: 'PREVIEW' })
  })

  it('deletes an environment after a confirmation naming it and its project', async () => {
    await environmentRow('rehearsal').getByRole('button', { name: 'Delete environment rehearsal' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete environment' })
    const text = await confirm.textContent()
    expect(text).toContain('rehearsal')
    expect(text).toContain('Lunar excursion module')
    // Cancel first: nothing may change.
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect(await focusedControl(page)).toBe('button "Delete environment rehearsal"')
    expect((await api('GET', `/environment/${environmentIds.rehearsal}`)).status).toBe(200)

    await environmentRow('rehearsal').getByRole('button', { name: 'Delete environment rehearsal' }).click()
    await confirm.getByRole('button', { name: 'Delete environment' }).click()
    await environmentRow('rehearsal').waitFor({ state: 'detached' })
    // Focus moves to the delete button of a neighbouring environment, never to <body>.
    expect(await focusedControl(page)).toMatch(/^button "Delete environment (?!rehearsal)/)
    await page.getByText('Environment rehearsal deleted.').waitFor({ state: 'attached' })
    expect((await api('GET', `/environment/${environmentIds.rehearsal}`)).status).toBe(404)
    const left = await api('GET', `/project/${lunar.id}/environment`)
    expect(left.body.results.map((e: { name: string }) => e.name).sort()).toEqual(['flight', 'preview-sim'])
  })

  it('a viewer sees projects and environments with no edit or delete controls; devops sees them', async () => {
    const viewer = await addMember(server.gatehouse, organization, 'viewer', 'Vic Viewer')
    const other = await newPage(browser, server.baseUrl)
    await signInInBrowser(other.page, viewer)
    await other.page.goto(projectUrl(lunar.id))
    await other.page.getByRole('heading', { name: 'Lunar excursion module', level: 1 }).waitFor()
    await other.page.locator('tr', { hasText: 'flight' }).waitFor()
    expect(await other.page.getByRole('button', { name: /Edit|Delete/ }).count()).toBe(0)
    expect(await other.page.locator('th', { hasText: 'Actions' }).count()).toBe(0)
    await other.context.close()

    // The controls follow the role's permission, not ownership.
    const devops = await addMember(server.gatehouse, organization, 'devops', 'Dev Ops')
    const third = await newPage(browser, server.baseUrl)
    await signInInBrowser(third.page, devops)
    await third.page.goto(projectUrl(lunar.id))
    await third.page.getByRole('button', { name: 'Edit project' }).waitFor()
    expect(await third.page.getByRole('button', { name: 'Delete environment flight' }).count()).toBe(1)
    await third.context.close()
  })

  it('deletes a project after a confirmation that counts and names its environments', async () => {
    await page.getByRole('button', { name: 'Delete project' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete project' })
    const text = await confirm.textContent()
    expect(text).toContain('Lunar excursion module')
    expect(text).toContain('2 environments')
    expect(text).toContain('flight, preview-sim')
    await confirm.getByRole('button', { name: 'Delete project' }).click()
    await page.waitForURL(`**/organizations/${organization.id}/projects`)
    await page.getByRole('link', { name: /Command module/ }).waitFor()
    expect(await page.getByRole('link', { name: /Lunar excursion module/ }).count()).toBe(0)
    expect((await api('GET', `/project/${lunar.id}`)).status).toBe(404)
    expect((await api('GET', `/environment/${environmentIds.flight}`)).status).toBe(404)

    // A project without environments says so rather than counting zero.
    await page.getByRole('link', { name: /Command module/ }).click()
    await page.getByRole('heading', { name: 'Command module', level: 1 }).waitFor()
    await page.getByText('No environments yet.').waitFor()
    await page.getByRole('button', { name: 'Delete project' }).click()
    expect(await confirm.textContent()).toContain('It has no environments.')
    await confirm.getByRole('button', { name: 'Delete project' }).click()
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor()
    expect((await api('GET', `/project/${command.id}`)).status).toBe(404)
  })
})
