import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, createOrganization, signUpAndLogIn, type TestOrganization } from '../support/api.ts'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'
import { cliEnv, freshHome, removeHomes, runCli, runInTerminal } from './run-cli.ts'

const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32}$/

/**
 * `gatehouse webhook …` run as a script would (no terminal), against a real server that sends to
 * an HTTPS receiver on loopback (GATEHOUSE_WEBHOOK_ALLOW_PRIVATE, as the API's webhook tests use;
 * the harness trusts the receiver's test certificate).
 */
// Each test runs the binary a few times: on a 2-core machine under full load that passes 30 s.
describe('gatehouse CLI: webhooks', { timeout: 120_000 }, () => {
  let gh: TestGatehouse
  let receiver: WebhookReceiver
  let apiUrl: string
  let org: TestOrganization
  let env: Record<string, string>
  let viewerEnv: Record<string, string>
  const { home } = freshHome()

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    gh = await startTestGatehouse('pglite', { GATEHOUSE_WEBHOOK_ALLOW_PRIVATE: '1' })
    apiUrl = `${await gh.app.listen({ host: '127.0.0.1', port: 0 })}/api`
    org = await createOrganization(gh, await signUpAndLogIn(gh, 'Hana Hooks'))
    // The tokens first: their creation is an event, sent to no webhook yet.
    const admin = await createApiToken(gh, org, 'admin')
    const viewer = await createApiToken(gh, org, 'viewer')
    env = cliEnv(home, apiUrl, { GATEHOUSE_TOKEN: admin.token })
    viewerEnv = cliEnv(home, apiUrl, { GATEHOUSE_TOKEN: viewer.token })
  })
  afterAll(async () => {
    await gh?.close()
    await receiver?.close()
    removeHomes()
  })

  const gatehouse = (...args: string[]) => runCli(args, env)
  const hookUrl = (path: string) => `${receiver.url}/${path}`
  let secret = ''
  let webhookId = ''

  it('creates a webhook: the secret alone on stdout, once, with a warning on stderr', async () => {
    const created = await gatehouse(
      'webhook',
      'create',
      '--url',
      hookUrl('cli'),
      '--event',
      'member.added',
      '--event',
      'api_token.deleted,api_token.rotated',
      '--description',
      'Chat alerts',
    )
    expect(created.code).toBe(0)
    secret = created.stdout.trim()
    expect(secret).toMatch(SECRET_PATTERN)
    expect(created.stdout).toBe(`${secret}\n`)
    expect(created.stderr).toContain('warning: Copy this signing secret now: it will not be shown again.')
    expect(created.stderr).toContain(
      `sends member.added, api_token.deleted, api_token.rotated to ${hookUrl('cli')}`,
    )

    const listed = await gatehouse('webhook', 'list')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(
      new RegExp(`${hookUrl('cli')}\\s+member.added, api_token.deleted, api_token.rotated\\s+enabled\\s+`),
    )
    const json = await gatehouse('webhook', 'list', '--json')
    const [only] = JSON.parse(json.stdout)
    expect(only).toMatchObject({ url: hookUrl('cli'), description: 'Chat alerts', enabled: true })
    webhookId = only.id
    // Never again: not in the list, in any form.
    expect(json.stdout).not.toContain(secret)
    expect(listed.stdout).not.toContain(secret)
    expect((await gatehouse('webhook', 'list', '--quiet')).stdout).toBe(`${webhookId}\n`)
  })

  it('--all-events takes every type; --quiet prints the secret only, --json the whole answer', async () => {
    const quiet = await gatehouse('webhook', 'create', '--url', hookUrl('all'), '--all-events', '--quiet')
    expect(quiet.code).toBe(0)
    expect(quiet.stdout).toMatch(/^whsec_[A-Za-z0-9+/]{32}\n$/)
    expect(quiet.stderr).toBe('')
    const json = await gatehouse(
      'webhook',
      'create',
      '--url',
      hookUrl('json'),
      '--event',
      'api_token.*',
      '--json',
    )
    expect(json.code).toBe(0)
    const answer = JSON.parse(json.stdout)
    expect(answer.secret).toMatch(SECRET_PATTERN)
    expect(answer.events).toEqual([
      'api_token.created',
      'api_token.deleted',
      'api_token.expiring',
      'api_token.expired',
      'api_token.revoked_leaked',
      'api_token.rotated',
    ])
    const listed = JSON.parse((await gatehouse('webhook', 'list', '--json')).stdout)
    expect(listed.find((w: { url: string }) => w.url === hookUrl('all')).events).toHaveLength(10)
    const table = await gatehouse('webhook', 'list')
    expect(table.stdout).toMatch(new RegExp(`${hookUrl('all')}\\s+all\\s+enabled`))
    for (const url of [hookUrl('all'), hookUrl('json')])
      expect((await gatehouse('webhook', 'delete', url, '--yes')).code).toBe(0)
  })

  it('tests a webhook: the receiver gets a signed webhook.test, and the outcome is reported', async () => {
    const before = receiver.received.length
    const tested = await gatehouse('webhook', 'test', hookUrl('cli'))
    expect(tested.code).toBe(0)
    expect(tested.stdout).toBe('')
    expect(tested.stderr).toMatch(
      new RegExp(
        `^Test event msg_[0-9a-f]{32} to ${hookUrl('cli')}: delivered \\(HTTP 204, \\d+ ms, 1 attempt\\)\\.\n$`,
      ),
    )
    const received = receiver.received.slice(before)
    expect(received).toHaveLength(1)
    const event = new Webhook(secret).verify(received[0]?.body ?? '', received[0]?.headers ?? {}) as {
      type: string
      data: Record<string, unknown>
    }
    expect(event).toMatchObject({
      type: 'webhook.test',
      data: { organization_id: org.id, webhook_id: webhookId },
    })
    expect(tested.stderr).toContain(received[0]?.headers['webhook-id'])
  })

  it('a receiver that refuses: test exits 1 saying it will be retried; resend delivers the same event', async () => {
    receiver.answerWith(503)
    const before = receiver.received.length
    const tested = await gatehouse('webhook', 'test', webhookId, '--json')
    receiver.answerWith(204)
    expect(tested.code).toBe(1)
    const delivery = JSON.parse(tested.stdout)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 503 })
    expect(tested.stderr).toMatch(
      /was not delivered: retrying \(HTTP 503, \d+ ms, 1 attempt\).*It will be retried\.\n$/,
    )
    const firstId = receiver.received[before]?.headers['webhook-id']

    const deliveries = await gatehouse('webhook', 'deliveries', hookUrl('cli'))
    expect(deliveries.code).toBe(0)
    const rows = deliveries.stdout.trimEnd().split('\n')
    expect(rows[0]).toMatch(/^CREATED\s+EVENT\s+STATUS\s+ATTEMPTS\s+CODE\s+ID/)
    // Newest first: the refused test, then the delivered one.
    expect(rows[1]).toMatch(new RegExp(`webhook.test\\s+retrying\\s+1\\s+503\\s+${delivery.id}`))
    expect(rows[2]).toMatch(/webhook.test\s+delivered\s+1\s+204\s+/)
    expect(rows).toHaveLength(3)

    // The organization has one webhook: resend needs no --webhook.
    const resent = await gatehouse('webhook', 'resend', delivery.id)
    expect(resent.code).toBe(0)
    expect(resent.stderr).toMatch(
      /^Delivery .* \(webhook\.test\) to .*: delivered \(HTTP 204, \d+ ms, 2 attempts\)\.\n$/,
    )
    // The same event again, with the same webhook-id, so the receiver can tell a repeat.
    const again = receiver.received.at(-1)
    expect(again?.headers['webhook-id']).toBe(firstId)
    expect(() => new Webhook(secret).verify(again?.body ?? '', again?.headers ?? {})).not.toThrow()
    const after = JSON.parse((await gatehouse('webhook', 'deliveries', webhookId, '--json')).stdout)
    expect(after[0]).toMatchObject({
      id: delivery.id,
      status: 'delivered',
      attempts: 2,
      last_status_code: 204,
    })
  })

  it('rotate-secret prints a new secret once; the next delivery is signed with the old and the new', async () => {
    const rotated = await gatehouse('webhook', 'rotate-secret', hookUrl('cli'), '--grace', '1h', '--yes')
    expect(rotated.code).toBe(0)
    const fresh = rotated.stdout.trim()
    expect(fresh).toMatch(SECRET_PATTERN)
    expect(fresh).not.toBe(secret)
    expect(rotated.stdout).toBe(`${fresh}\n`)
    expect(rotated.stderr).toContain('warning: Copy this signing secret now: it will not be shown again.')
    expect(rotated.stderr).toMatch(/The old secret of the webhook to .* also signs until /)
    // Never again: the list carries neither secret.
    const listed = (await gatehouse('webhook', 'list', '--json')).stdout
    expect(listed).not.toContain(fresh)

    const before = receiver.received.length
    expect((await gatehouse('webhook', 'test', webhookId)).code).toBe(0)
    const [delivery] = receiver.received.slice(before)
    const signatures = (delivery?.headers['webhook-signature'] ?? '').split(' ')
    expect(signatures).toHaveLength(2)
    // Each secret verifies exactly one of the two signatures.
    const verifiedBy = (key: string) =>
      signatures.filter((signature) => {
        try {
          new Webhook(key).verify(delivery?.body ?? '', {
            ...delivery?.headers,
            'webhook-signature': signature,
          })
          return true
        } catch {
          return false
        }
      })
    expect(verifiedBy(secret)).toHaveLength(1)
    expect(verifiedBy(fresh)).toHaveLength(1)
    expect(verifiedBy(secret)[0]).not.toBe(verifiedBy(fresh)[0])

    // --grace 0: the old secret stops signing at once; --json answers the secret and no end.
    const now = await gatehouse('webhook', 'rotate-secret', webhookId, '--grace', '0', '--yes', '--json')
    expect(now.code).toBe(0)
    const answer = JSON.parse(now.stdout)
    expect(answer).toMatchObject({ id: webhookId, previous_secret_expires_at: null })
    expect(answer.secret).toMatch(SECRET_PATTERN)
    const after = receiver.received.length
    expect((await gatehouse('webhook', 'test', webhookId)).code).toBe(0)
    const [single] = receiver.received.slice(after)
    expect((single?.headers['webhook-signature'] ?? '').split(' ')).toHaveLength(1)
    expect(() => new Webhook(answer.secret).verify(single?.body ?? '', single?.headers ?? {})).not.toThrow()
    expect(() => new Webhook(fresh).verify(single?.body ?? '', single?.headers ?? {})).toThrow()
    secret = answer.secret
  })

  it('edit changes the events and the description, and nothing else', async () => {
    const edited = await gatehouse(
      'webhook',
      'edit',
      hookUrl('cli'),
      '--event',
      'api_token.created',
      '--description',
      'Audit feed',
    )
    expect(edited.code).toBe(0)
    expect(edited.stdout).toBe('')
    expect(edited.stderr).toContain(`sends api_token.created to ${hookUrl('cli')} (enabled)`)
    const [only] = JSON.parse((await gatehouse('webhook', 'list', '--json')).stdout)
    expect(only).toMatchObject({
      id: webhookId,
      url: hookUrl('cli'),
      events: ['api_token.created'],
      description: 'Audit feed',
      enabled: true,
    })

    const disabled = await gatehouse('webhook', 'edit', webhookId, '--disable', '--json')
    expect(disabled.code).toBe(0)
    expect(JSON.parse(disabled.stdout)).toMatchObject({ enabled: false, events: ['api_token.created'] })
    const enabled = await gatehouse('webhook', 'edit', webhookId, '--enable', '--all-events', '--json')
    expect(JSON.parse(enabled.stdout)).toMatchObject({ enabled: true, description: 'Audit feed' })
    expect(JSON.parse(enabled.stdout).events).toHaveLength(10)
  })

  it('usage mistakes exit 2 before anything is sent; refusals by the server exit 1', async () => {
    const usage: [string[], RegExp][] = [
      [['webhook', 'create', '--event', 'member.added'], /Missing --url/],
      [
        ['webhook', 'create', '--url', 'http://hooks.example.com', '--all-events'],
        /must be an https:\/\/ URL/,
      ],
      [['webhook', 'create', '--url', 'https://hooks.example.com'], /Say which events to send/],
      [
        ['webhook', 'create', '--url', 'https://hooks.example.com', '--event', 'token.made'],
        /Unknown event "token.made"/,
      ],
      [
        [
          'webhook',
          'create',
          '--url',
          'https://hooks.example.com',
          '--all-events',
          '--event',
          'member.added',
        ],
        /cannot be used with/,
      ],
      [['webhook', 'test', 'https://nowhere.example.com'], /No webhook "https:\/\/nowhere.example.com"/],
      [['webhook', 'delete', webhookId], /Pass --yes to confirm/],
      [['webhook', 'edit', webhookId], /Nothing to change/],
      [['webhook', 'edit', webhookId, '--event', 'token.made'], /Unknown event "token.made"/],
      [['webhook', 'edit', webhookId, '--url', 'http://hooks.example.com'], /must be an https:\/\/ URL/],
      [['webhook', 'edit', webhookId, '--enable', '--disable'], /cannot be used with/],
      [['webhook', 'edit', 'https://nowhere.example.com', '--enable'], /No webhook/],
      [['webhook', 'rotate-secret', webhookId], /Pass --yes to confirm/],
      [['webhook', 'rotate-secret', webhookId, '--grace', '8d', '--yes'], /--grace is at most 7d/],
      [['webhook', 'rotate-secret', webhookId, '--grace', 'soon', '--yes'], /--grace/],
      [
        ['webhook', 'resend', '00000000-0000-4000-8000-000000000000', '--webhook', 'nope'],
        /No webhook "nope"/,
      ],
    ]
    for (const [args, message] of usage) {
      const result = await gatehouse(...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stdout, args.join(' ')).toBe('')
    }
    // A viewer may not manage webhooks: the server's refusal, exit 1.
    const refused = await runCli(
      ['webhook', 'create', '--url', hookUrl('viewer'), '--event', 'member.added'],
      viewerEnv,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/does not allow managing webhooks/)
    // A delivery that is not this webhook's: refused by the server too.
    const missing = await gatehouse('webhook', 'resend', '00000000-0000-4000-8000-000000000000')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/not found/i)
  })

  it('--help on every webhook command exits 0 and shows examples', async () => {
    for (const command of [
      [],
      ['create'],
      ['list'],
      ['test'],
      ['deliveries'],
      ['resend'],
      ['edit'],
      ['rotate-secret'],
      ['delete'],
    ]) {
      const name = ['gatehouse', 'webhook', ...command].join(' ')
      const result = await gatehouse('webhook', ...command, '--help')
      expect(result.code, name).toBe(0)
      expect(result.stdout, name).toMatch(new RegExp(`Usage: ${name}`))
      expect(result.stdout, name).toMatch(/Examples:\n {2}\$ gatehouse webhook /)
    }
  })

  it('on a terminal, delete asks first: no keeps the webhook, yes deletes it', async () => {
    const made = await gatehouse('webhook', 'create', '--url', hookUrl('asked'), '--all-events', '--json')
    const { id } = JSON.parse(made.stdout)
    const kept = await runInTerminal(['webhook', 'delete', hookUrl('asked')], env, [
      { waitFor: new RegExp(`Delete the webhook to ${hookUrl('asked')}\\?`), send: 'n\r' },
    ])
    expect(kept.code).toBe(1)
    expect(kept.shown).toContain('Cancelled: nothing was changed.')
    expect((await gatehouse('webhook', 'list', '--quiet')).stdout).toContain(id)
    const deleted = await runInTerminal(['webhook', 'delete', id], env, [
      { waitFor: /Nothing more is sent to it/, send: 'y\r' },
    ])
    expect(deleted.code).toBe(0)
    expect(deleted.shown).toContain(`Deleted the webhook to ${hookUrl('asked')} (${id}).`)
    expect((await gatehouse('webhook', 'list', '--quiet')).stdout).not.toContain(id)
  })

  it('on a terminal, rotate-secret asks first: no changes nothing, yes prints the new secret', async () => {
    const kept = await runInTerminal(['webhook', 'rotate-secret', webhookId], env, [
      { waitFor: /\(y\/N\)/, send: 'n\r' },
    ])
    expect(kept.code).toBe(1)
    // The question says what happens to the old secret (the terminal wraps it, hence the spaces).
    expect(kept.shown.replace(/\s+/g, ' ')).toContain('The current secret also signs for 1d, then stops.')
    expect(kept.shown).toContain('Cancelled: nothing was changed.')
    const rotated = await runInTerminal(['webhook', 'rotate-secret', webhookId, '--grace', '0'], env, [
      { waitFor: /\(y\/N\)/, send: 'y\r' },
    ])
    expect(rotated.code).toBe(0)
    expect(rotated.shown.replace(/\s+/g, ' ')).toContain('The current secret stops signing at once.')
    const [fresh] = rotated.shown.match(/whsec_[A-Za-z0-9+/]{32}/) ?? []
    expect(fresh).toBeDefined()
    expect(fresh).not.toBe(secret)
    expect(rotated.shown.replace(/\s+/g, ' ')).toContain('no longer signs.')
  })

  it('deletes a webhook by URL with --yes: it is gone from the list', async () => {
    const deleted = await gatehouse('webhook', 'delete', hookUrl('cli'), '--yes')
    expect(deleted.code).toBe(0)
    expect(deleted.stderr).toBe(`Deleted the webhook to ${hookUrl('cli')} (${webhookId}).\n`)
    const listed = await gatehouse('webhook', 'list')
    expect(listed.stdout).toBe('')
    expect(listed.stderr).toContain('No webhook: `gatehouse webhook create` adds one.')
  })
})
