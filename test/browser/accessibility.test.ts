import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  type TestUser,
} from '../support/api.ts'
import {
  createCustomRole,
  createEnvironment,
  createProject,
  insertWebhookWithDelivery,
  invite,
} from '../support/fixtures.ts'
import {
  browserAvailable,
  type ConsoleServer,
  launchBrowser,
  newPage,
  seriousAccessibilityViolations,
  signInInBrowser,
  startConsoleServer,
} from './support.ts'

/** A screen of the console: how to reach it from a loaded page, and what says it is ready. */
interface Screen {
  name: string
  signedIn: boolean
  open: (page: Page) => Promise<void>
}

describe.skipIf(!browserAvailable)(
  'console: automated accessibility checks (axe-core) on every screen',
  () => {
    let server: ConsoleServer
    let browser: Browser
    let owner: TestUser
    let organization: TestOrganization
    let empty: TestOrganization
    let projectId = ''
    let invitationPath = ''
    let customRoleId = ''
    let stagingId = ''

    beforeAll(async () => {
      server = await startConsoleServer()
      browser = await launchBrowser()
      owner = await signUpAndLogIn(server.gatehouse, 'Grace Hopper')
      organization = await createOrganization(server.gatehouse, owner)
      await call(server.gatehouse, 'PUT', `/organization/${organization.id}`, {
        as: owner.as,
        body: { name: 'Harvard Mark I', description: 'Computation laboratory' },
      })
      empty = await createOrganization(server.gatehouse, owner)
      await addMember(server.gatehouse, organization, 'admin', 'Howard Aiken')
      await addMember(server.gatehouse, organization, 'devops', 'Richard Bloch')
      await addMember(server.gatehouse, organization, 'viewer', 'Robert Campbell')
      const invitation = await invite(server.gatehouse, organization, 'jean.sammet@example.com', 'devops')
      await invite(server.gatehouse, organization, 'frances.holberton@example.com', 'billing')
      invitationPath = new URL(invitation.invitation_link).pathname
      const used = await createApiToken(server.gatehouse, organization, 'admin')
      await createApiToken(server.gatehouse, organization, 'viewer')
      // A token with a last use (its addresses expand) and one reported leaked (the banner).
      expect((await call(server.gatehouse, 'GET', '/auth/whoami', { as: used.as })).status).toBe(200)
      const leaked = await createApiToken(server.gatehouse, organization, 'devops')
      await call(server.gatehouse, 'POST', '/apiToken/revokeLeaked', {
        body: [{ token: leaked.token, url: 'https://github.com/acme/app/blob/main/.env', source: 'content' }],
      })
      const project = await createProject(server.gatehouse, organization, {
        name: 'Compiler',
        description: 'A-0 and its successors',
      })
      projectId = project.id
      for (const [name, mode] of [
        ['production', 'PRODUCTION'],
        ['staging', 'STAGING'],
        ['preview', 'PREVIEW'],
        ['local', 'DEVELOPMENT'],
      ]) {
        const environment = await createEnvironment(server.gatehouse, organization, projectId, { name, mode })
        if (mode === 'STAGING') stagingId = environment.id
      }
      const customRole = await createCustomRole(server.gatehouse, organization, {
        name: 'compiler-staging-deployer',
        projects: [{ project_id: projectId, permissions: { STAGING: 'DEPLOYER', PREVIEW: 'VIEWER' } }],
      })
      customRoleId = customRole.id
      await call(server.gatehouse, 'POST', `/environment/${stagingId}/deployment`, {
        as: owner.as,
        body: { version: 'a0b1c2d' },
      })
      // One enabled webhook (nothing is ever sent to it), one disabled with a failed delivery.
      await call(server.gatehouse, 'POST', `/organization/${organization.id}/webhook`, {
        as: owner.as,
        body: { url: 'https://hooks.example.com/gatehouse', events: ['organization.ownership_transferred'] },
      })
      await insertWebhookWithDelivery(server.gatehouse, organization.id)
    })
    afterAll(async () => {
      await browser?.close()
      await server?.gatehouse.close()
    })

    const org = (path: string) => `/organizations/${organization.id}/${path}`
    const visit = (path: () => string, ready: (page: Page) => Promise<unknown>) => async (page: Page) => {
      await page.goto(path())
      await ready(page)
    }
    let revealed = 0
    const screens: Screen[] = [
      {
        name: 'sign in',
        signedIn: false,
        open: visit(
          () => '/signin',
          (page) => page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor(),
        ),
      },
      {
        name: 'sign up',
        signedIn: false,
        open: visit(
          () => '/signup',
          (page) => page.getByRole('button', { name: 'Create account' }).waitFor(),
        ),
      },
      {
        name: 'invitation (signed out)',
        signedIn: false,
        open: visit(
          () => invitationPath,
          (page) => page.getByRole('heading', { name: 'You have been invited' }).waitFor(),
        ),
      },
      {
        name: 'create organization',
        signedIn: true,
        open: visit(
          () => '/new',
          (page) => page.getByLabel('Organization name').waitFor(),
        ),
      },
      {
        name: 'tokens (empty)',
        signedIn: true,
        open: visit(
          () => `/organizations/${empty.id}/api-tokens`,
          (page) => page.getByRole('heading', { name: 'No API tokens yet' }).waitFor(),
        ),
      },
      {
        name: 'tokens: leaked banner, addresses shown',
        signedIn: true,
        open: visit(
          () => org('api-tokens'),
          async (page) => {
            await page.getByRole('alert').filter({ hasText: 'found in public' }).waitFor()
            await page
              .getByRole('button', { name: / that used / })
              .first()
              .click()
          },
        ),
      },
      {
        name: 'tokens: edit dialog',
        signedIn: true,
        open: visit(
          () => org('api-tokens'),
          async (page) => {
            await page
              .getByRole('button', { name: /^Edit token / })
              .first()
              .click()
            await page.getByRole('dialog', { name: 'Edit API token' }).waitFor()
          },
        ),
      },
      {
        name: 'tokens: rotate dialog',
        signedIn: true,
        open: visit(
          () => org('api-tokens'),
          async (page) => {
            await page
              .getByRole('button', { name: /^Rotate token / })
              .first()
              .click()
            await page.getByRole('dialog', { name: 'Rotate API token' }).waitFor()
          },
        ),
      },
      {
        name: 'tokens',
        signedIn: true,
        open: visit(
          () => org('api-tokens'),
          (page) => page.locator('tbody tr').first().waitFor(),
        ),
      },
      {
        name: 'tokens: add dialog',
        signedIn: true,
        open: async (page) => {
          await page.getByRole('button', { name: 'Add new' }).click()
          await page.getByRole('dialog', { name: 'New API token' }).waitFor()
        },
      },
      {
        name: 'tokens: reveal dialog',
        signedIn: true,
        open: async (page) => {
          revealed += 1
          const dialog = page.getByRole('dialog', { name: 'New API token' })
          await dialog.getByLabel('Name').fill(`Accessibility check ${revealed}`)
          await dialog.getByRole('button', { name: 'Create token' }).click()
          await page.getByRole('dialog', { name: 'Copy your new API token' }).waitFor()
        },
      },
      {
        name: 'members (with invitations)',
        signedIn: true,
        open: visit(
          () => org('members'),
          (page) => page.locator('tr[data-invitation-email]').first().waitFor(),
        ),
      },
      {
        name: 'roles',
        signedIn: true,
        open: visit(
          () => org('roles'),
          (page) => page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor(),
        ),
      },
      {
        name: 'roles: delete dialog',
        signedIn: true,
        open: async (page) => {
          await page.getByRole('button', { name: 'Delete role compiler-staging-deployer' }).click()
          await page.getByRole('dialog', { name: 'Delete role' }).waitFor()
        },
      },
      {
        name: 'role editor (new role)',
        signedIn: true,
        open: visit(
          () => org('roles/new'),
          (page) => page.getByRole('combobox', { name: 'Compiler, STAGING' }).waitFor(),
        ),
      },
      {
        name: 'role editor (custom role, admin on its project)',
        signedIn: true,
        open: async (page) => {
          await page.goto(org(`roles/${customRoleId}`))
          await page.getByRole('heading', { name: 'Edit role compiler-staging-deployer' }).waitFor()
          await page.getByRole('checkbox', { name: 'Compiler, admin' }).check()
        },
      },
      {
        name: 'environment with deployments',
        signedIn: true,
        open: visit(
          () => org(`projects/${projectId}/environments/${stagingId}`),
          (page) => page.getByRole('cell', { name: 'a0b1c2d' }).waitFor(),
        ),
      },
      {
        name: 'activity',
        signedIn: true,
        open: visit(
          () => org('activity'),
          (page) => page.locator('.activity-item').first().waitFor(),
        ),
      },
      {
        name: 'trusted CI (empty)',
        signedIn: true,
        open: visit(
          () => org('trusted-ci'),
          (page) => page.getByRole('heading', { name: 'No trusted CI yet' }).waitFor(),
        ),
      },
      {
        name: 'webhooks (empty)',
        signedIn: true,
        open: visit(
          () => `/organizations/${empty.id}/webhooks`,
          (page) => page.getByRole('heading', { name: 'No webhooks yet' }).waitFor(),
        ),
      },
      {
        name: 'webhooks with deliveries',
        signedIn: true,
        open: visit(
          () => org('webhooks'),
          (page) => page.locator('tr[data-delivery-id]').first().waitFor(),
        ),
      },
      {
        name: 'webhooks: add dialog',
        signedIn: true,
        open: async (page) => {
          await page.getByRole('button', { name: 'Add webhook' }).click()
          await page.getByRole('dialog', { name: 'New webhook' }).waitFor()
        },
      },
      {
        name: 'webhooks: edit dialog',
        signedIn: true,
        open: visit(
          () => org('webhooks'),
          async (page) => {
            await page
              .getByRole('button', { name: /^Edit webhook / })
              .first()
              .click()
            await page.getByRole('dialog', { name: 'Edit webhook' }).waitFor()
          },
        ),
      },
      {
        name: 'webhooks: rotate secret dialog',
        signedIn: true,
        open: visit(
          () => org('webhooks'),
          async (page) => {
            await page
              .getByRole('button', { name: /^Rotate secret of / })
              .first()
              .click()
            await page.getByRole('dialog', { name: 'Rotate signing secret' }).waitFor()
          },
        ),
      },
      {
        name: 'general settings',
        signedIn: true,
        open: visit(
          () => org('general'),
          (page) => page.getByLabel('Organization name').waitFor(),
        ),
      },
      {
        name: 'projects',
        signedIn: true,
        open: visit(
          () => org('projects'),
          (page) => page.getByRole('link', { name: /Compiler/ }).waitFor(),
        ),
      },
      {
        name: 'project with environments',
        signedIn: true,
        open: visit(
          () => org(`projects/${projectId}`),
          (page) => page.locator('tr[data-environment-id]').first().waitFor(),
        ),
      },
    ]

    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        it(`has no serious or critical violations, ${colorScheme}, ${width} px wide`, async () => {
          const signedOut = await newPage(browser, server.baseUrl, { width, colorScheme })
          const signedIn = await newPage(browser, server.baseUrl, { width, colorScheme })
          await signInInBrowser(signedIn.page, owner)
          const problems: string[] = []
          for (const screen of screens) {
            const page = screen.signedIn ? signedIn.page : signedOut.page
            await screen.open(page)
            for (const violation of await seriousAccessibilityViolations(page))
              problems.push(`${screen.name}: ${violation}`)
            const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
            if (scrollWidth > width)
              problems.push(`${screen.name}: the page scrolls sideways (${scrollWidth} px)`)
          }
          await signedOut.context.close()
          await signedIn.context.close()
          expect(problems, problems.join('\n')).toEqual([])
        }, 240_000)
      }
    }
  },
)
