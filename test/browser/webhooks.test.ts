import { createHmac, timingSafeEqual } from 'node:crypto'
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
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'
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
 * Checks a delivery's webhook-signature as a receiver would, by the Standard Webhooks
 * specification and nothing else: HMAC-SHA256 over `id.timestamp.body`, keyed with the base64
 * after `whsec_`, sent as `v1,<base64>` (several, space-separated, during a secret's rotation).
 */
function hasValidSignature(delivery: ReceivedWebhook, secret: string): boolean {
  const id = delivery.headers['webhook-id'] ?? ''
  const timestamp = delivery.headers['webhook-timestamp'] ?? ''
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest()
  return (delivery.headers['webhook-signature'] ?? '').split(' ').some((signature) => {
    const [version, value] = signature.split(',')
    const given = Buffer.from(value ?? '', 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
}

/**
 * The Webhooks page in a real browser, sending to an HTTPS receiver on loopback that the test
 * runs (GATEHOUSE_WEBHOOK_ALLOW_PRIVATE lets the server send there; the harness trusts the
 * receiver's test certificate): add, the secret once, a signed test, a failed one resent, delete.
 */
describe.skipIf(!browserAvailable)('console: webhooks in a real browser', () => {
  let receiver: WebhookReceiver
  let server: ConsoleServer
  let browser: Browser
  let page: Page
  let owner: TestUser
  let org: TestOrganization
  let url = ''
  let secret = ''
  const pageProblems: string[] = []

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    server = await startConsoleServer({ GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1' })
    owner = await signUpAndLogIn(server.gatehouse, 'Wes Hook')
    org = await createOrganization(server.gatehouse, owner)
    url = `${receiver.url}/gatehouse`
    browser = await launchBrowser()
    ;({ page } = await newPage(browser, server.baseUrl))
    page.on('pageerror', (error) => pageProblems.push(String(error)))
    page.on('console', (message) => {
      // A 4xx the page shows in words (the empty events check is local) is not a problem.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageProblems.push(message.text())
    })
    await signInInBrowser(page, { name: owner.name, email: owner.email, password: owner.password })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.gatehouse.close()
    await receiver?.close()
  })

  const card = () => page.getByRole('region', { name: url })
  const deliveries = () => page.getByRole('table', { name: `Deliveries to ${url}` })

  it('adds a webhook from the events picker, and shows its signing secret once', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor()
    await page.getByRole('button', { name: 'Add webhook' }).click()
    const dialog = page.getByRole('dialog', { name: 'New webhook' })
    await dialog.getByLabel('URL').fill(url)
    await dialog.getByLabel('Description').fill('Chat alerts')
    // No event chosen: said beside the picker, nothing sent.
    await dialog.getByRole('button', { name: 'Add webhook' }).click()
    await dialog.getByText('Choose at least one event.').waitFor()
    // Every event of the contract is offered.
    expect(await dialog.getByRole('checkbox').count()).toBe(11)
    await dialog.getByRole('checkbox', { name: /^member\.added/ }).check()
    await dialog.getByRole('checkbox', { name: /^api_token\.deleted/ }).check()
    expect(await dialog.getByRole('checkbox', { name: 'All events' }).isChecked()).toBe(false)
    await screenshot(page, 'webhooks-add')
    await dialog.getByRole('button', { name: 'Add webhook' }).click()

    const reveal = page.getByRole('dialog', { name: 'Copy the signing secret' })
    await reveal.waitFor()
    secret = await reveal.getByRole('textbox', { name: `Signing secret for ${url}` }).inputValue()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(await reveal.getByText('It will not be shown again.').isVisible()).toBe(true)
    await reveal.getByRole('button', { name: 'Copy secret' }).click()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
    await reveal.getByRole('button', { name: 'I have copied it' }).click()
    await reveal.waitFor({ state: 'detached' })

    await card().waitFor()
    expect(await card().getByText('Chat alerts').isVisible()).toBe(true)
    expect(await card().locator('.webhook-events').textContent()).toBe(
      'Events: api_token.deleted, member.added',
    )
    expect(await card().getByText('enabled', { exact: true }).isVisible()).toBe(true)
    // Shown once: after a reload, the secret is nowhere on the page.
    await page.reload()
    await card().waitFor()
    expect(await page.getByText(secret).count()).toBe(0)
    expect(await page.getByRole('textbox', { name: /Signing secret/ }).count()).toBe(0)
    expect(await page.content()).not.toContain(secret)
  })

  it('sends a test event the receiver can verify, and lists it as delivered', async () => {
    const before = receiver.received.length
    await card()
      .getByRole('button', { name: `Send test to ${url}` })
      .click()
    await card()
      .getByText(/^The test event was delivered: HTTP 204 in \d+ ms\.$/)
      .waitFor()
    const received = receiver.received.slice(before)
    expect(received).toHaveLength(1)
    const [test] = received as [ReceivedWebhook]
    expect(hasValidSignature(test, secret)).toBe(true)
    // The same check fails for a body that was changed, or another secret: it is a real check.
    expect(
      hasValidSignature({ ...test, body: test.body.replace('webhook.test', 'webhook.tost') }, secret),
    ).toBe(false)
    expect(hasValidSignature(test, 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(false)
    expect(JSON.parse(test.body)).toMatchObject({
      type: 'webhook.test',
      data: { organization_id: org.id },
    })

    const row = deliveries().getByRole('row', { name: /webhook\.test/ })
    await row.waitFor()
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'webhook.test',
      'delivered',
      '1',
      expect.stringMatching(/^HTTP 204 · \d+ ms$/),
      'just now',
      expect.stringMatching(/^Resend/),
    ])
  })

  it('a receiver that fails shows as retrying; Resend sends the same event again and it is delivered', async () => {
    receiver.answerWith(500)
    const before = receiver.received.length
    await card()
      .getByRole('button', { name: `Send test to ${url}` })
      .click()
    await card()
      .getByText(/^The test event was not delivered \(HTTP 500.*\)\. Gatehouse will retry it\.$/)
      .waitFor()
    receiver.answerWith(204)
    const failedId = receiver.received[before]?.headers['webhook-id']
    const rows = deliveries().getByRole('row')
    // Newest first: the header, the failed test, the delivered one.
    await expect.poll(() => rows.count()).toBe(3)
    const failed = rows.nth(1)
    expect(await failed.getByRole('cell').nth(1).textContent()).toMatch(/^retrying/)
    expect(await failed.getByRole('cell').nth(3).textContent()).toMatch(/^HTTP 500/)
    await screenshot(page, 'webhooks')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await failed.getByRole('button', { name: /^Resend/ }).click()
    await card()
      .getByText(/^The resent webhook\.test event was delivered: HTTP 204 in \d+ ms\.$/)
      .waitFor()
    const again = receiver.received.at(-1) as ReceivedWebhook
    expect(again.headers['webhook-id']).toBe(failedId)
    expect(hasValidSignature(again, secret)).toBe(true)
    await expect.poll(() => failed.getByRole('cell').nth(1).textContent()).toBe('delivered')
    expect(await failed.getByRole('cell').nth(2).textContent()).toBe('2')
  })

  /** The webhook as the API answers it now (the page is not trusted to say). */
  async function webhookFromApi() {
    const listed = await call(server.gatehouse, 'GET', `/organization/${org.id}/webhook`, { as: owner.as })
    const found = (listed.body as { results: { url: string; id: string }[] }).results.find(
      (webhook) => webhook.url === url,
    )
    const one = await call(server.gatehouse, 'GET', `/organization/${org.id}/webhook/${found?.id}`, {
      as: owner.as,
    })
    expect(one.status).toBe(200)
    return one.body as { events: string[]; description: string; url: string }
  }

  it('edits a webhook: refusals beside the field, only the changed fields sent, the API confirms', async () => {
    await card()
      .getByRole('button', { name: `Edit webhook ${url}` })
      .click()
    const dialog = page.getByRole('dialog', { name: 'Edit webhook' })
    const urlBox = dialog.getByRole('textbox', { name: 'URL' })
    // Prefilled with what the webhook is.
    expect(await urlBox.inputValue()).toBe(url)
    expect(await dialog.getByRole('textbox', { name: /^Description/ }).inputValue()).toBe('Chat alerts')
    expect(await dialog.getByRole('checkbox', { name: /^member\.added/ }).isChecked()).toBe(true)
    expect(await dialog.getByRole('checkbox', { name: /^api_token\.deleted/ }).isChecked()).toBe(true)
    expect(await dialog.getByRole('checkbox', { name: /^api_token\.created/ }).isChecked()).toBe(false)

    // The server refuses a plain-http URL: said beside the URL field, and the dialog stays.
    await urlBox.fill('http://hooks.example.com/gatehouse')
    const refusedRequest = page.waitForRequest((request) => request.method() === 'PATCH')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    expect((await refusedRequest).postDataJSON()).toEqual({ url: 'http://hooks.example.com/gatehouse' })
    await dialog.getByText('must be an https:// URL').waitFor()
    expect(await urlBox.getAttribute('aria-invalid')).toBe('true')

    await urlBox.fill(url)
    await dialog.getByRole('checkbox', { name: /^member\.added/ }).uncheck()
    await dialog.getByRole('checkbox', { name: /^api_token\.created/ }).check()
    const saved = page.waitForRequest((request) => request.method() === 'PATCH')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    // Only the events changed, so only they are sent.
    expect((await saved).postDataJSON()).toEqual({ events: ['api_token.created', 'api_token.deleted'] })
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => card().locator('.webhook-events').textContent())
      .toBe('Events: api_token.created, api_token.deleted')
    expect(await webhookFromApi()).toMatchObject({
      url,
      description: 'Chat alerts',
      events: ['api_token.created', 'api_token.deleted'],
    })
  })

  it('rotates the signing secret: the new one is shown once, and the next delivery carries both signatures', async () => {
    await card()
      .getByRole('button', { name: `Rotate secret of ${url}` })
      .click()
    const dialog = page.getByRole('dialog', { name: 'Rotate signing secret' })
    const grace = dialog.getByRole('combobox', { name: 'Old secret also signs for' })
    // 24 hours unless chosen otherwise, as the API's default.
    expect(await grace.inputValue()).toBe(String(24 * 3600))
    expect(await grace.getByRole('option').allTextContents()).toEqual([
      'None: the old secret stops signing at once',
      '1 hour',
      '24 hours',
      '7 days',
    ])
    await dialog.getByRole('button', { name: 'Rotate secret' }).click()

    const reveal = page.getByRole('dialog', { name: 'Copy the new signing secret' })
    const fresh = await reveal.getByRole('textbox', { name: `New signing secret for ${url}` }).inputValue()
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(fresh).not.toBe(secret)
    expect(await reveal.getByText('It will not be shown again.').isVisible()).toBe(true)
    await reveal.getByRole('button', { name: 'Copy secret' }).click()
    await reveal.getByRole('button', { name: 'I have copied it' }).click()
    await reveal.waitFor({ state: 'detached' })
    // Once: gone from the page after closing.
    expect(await page.getByRole('textbox', { name: /signing secret/i }).count()).toBe(0)
    expect(await page.content()).not.toContain(fresh)

    const before = receiver.received.length
    await card()
      .getByRole('button', { name: `Send test to ${url}` })
      .click()
    await card()
      .getByText(/^The test event was delivered: HTTP 204 in \d+ ms\.$/)
      .waitFor()
    const [test] = receiver.received.slice(before) as [ReceivedWebhook]
    const signatures = (test.headers['webhook-signature'] ?? '').split(' ')
    expect(signatures).toHaveLength(2)
    // Each secret verifies one of the two, and not the same one.
    const verifiedBy = (key: string) =>
      signatures.filter((signature) =>
        hasValidSignature({ ...test, headers: { ...test.headers, 'webhook-signature': signature } }, key),
      )
    expect(verifiedBy(secret)).toHaveLength(1)
    expect(verifiedBy(fresh)).toHaveLength(1)
    expect(verifiedBy(secret)[0]).not.toBe(verifiedBy(fresh)[0])
    secret = fresh
  })

  it('fits a phone in the dark: the long URL wraps, the deliveries stack', async () => {
    const phone = await newPage(browser, server.baseUrl, { width: 390, height: 844, colorScheme: 'dark' })
    await phone.context.addCookies(await page.context().cookies())
    await phone.page.goto(`/organizations/${org.id}/webhooks`)
    await phone.page.getByRole('table', { name: `Deliveries to ${url}` }).waitFor()
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await seriousAccessibilityViolations(phone.page)).toEqual([])
    await screenshot(phone.page, 'webhooks-phone-dark')
    await phone.context.close()
  })

  it('offers a viewer no webhook and no action, and says why', async () => {
    const viewer = await addMember(server.gatehouse, org, 'viewer', 'Vi Viewer')
    const asViewer = await newPage(browser, server.baseUrl)
    await signInInBrowser(asViewer.page, viewer)
    await asViewer.page.goto(`/organizations/${org.id}/webhooks`)
    await asViewer.page.getByRole('heading', { name: "You can't manage webhooks" }).waitFor()
    expect(await asViewer.page.getByRole('button', { name: 'Add webhook' }).count()).toBe(0)
    expect(await asViewer.page.getByRole('region', { name: url }).count()).toBe(0)
    await asViewer.context.close()
  })

  it('deletes a webhook behind a confirmation: it is gone, and nothing more is sent to it', async () => {
    await card()
      .getByRole('button', { name: `Delete webhook ${url}` })
      .click()
    const confirm = page.getByRole('dialog', { name: 'Delete webhook' })
    expect(await confirm.getByText(url).isVisible()).toBe(true)
    await confirm.getByRole('button', { name: 'Delete webhook' }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.getByRole('heading', { name: 'No webhooks yet' }).waitFor()
    expect(await card().count()).toBe(0)
    // api_token.deleted was one of its events: deleting a token now sends nothing.
    const before = receiver.received.length
    const token = await createApiToken(server.gatehouse, org, 'viewer')
    const deleted = await call(server.gatehouse, 'DELETE', `/organization/${org.id}/apiToken/${token.id}`, {
      as: owner.as,
    })
    expect(deleted.status).toBe(204)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(receiver.received.length).toBe(before)
    expect(pageProblems).toEqual([])
  })
})
