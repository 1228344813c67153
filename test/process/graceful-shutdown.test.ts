import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { http, startServerProcess } from '../support/process.ts'

/**
 * SIGTERM in the middle of a burst of writes: every request the server took is answered (never
 * a 5xx), every token it answered 201 for is in the database after a restart, and none that it
 * did not answer for. Requests sent after it stopped listening are refused at the connection
 * (the client knows they were not taken), which is what a load balancer retries elsewhere.
 */
it('SIGTERM during a burst of writes: no 5xx, every answered creation kept, nothing half done', {
  timeout: 120_000,
}, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-sigterm-')), 'data')
  try {
    const server = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
    const account = { email: 'sigterm@example.test', password: 'password-123', name: 'Sig Term' }
    expect((await http(server.url, 'POST', '/auth/signup', { body: account })).status).toBe(201)
    const login = await http(server.url, 'POST', '/auth/login', {
      body: { email: account.email, password: account.password },
    })
    const authorization = `Bearer ${login.body.token}`
    const org = await http(server.url, 'POST', '/organization', { authorization, body: { name: 'Burst' } })
    expect(org.status).toBe(201)

    const statuses: number[] = []
    const created = new Set<string>()
    let refused = 0
    const worker = async (lane: number) => {
      for (let i = 0; i < 10_000; i++) {
        const name = `burst-${lane}-${i}`
        let status: number
        try {
          status = (
            await http(server.url, 'POST', `/organization/${org.body.id}/apiToken`, {
              authorization,
              body: { name },
            })
          ).status
        } catch {
          // The connection was refused or closed before an answer: the server is gone.
          refused++
          return
        }
        statuses.push(status)
        if (status === 201) created.add(name)
      }
    }
    const lanes = Array.from({ length: 8 }, (_, lane) => worker(lane))
    // Let the burst get going, then ask the server to stop while requests are in flight.
    while (statuses.length < 40) await new Promise((resolve) => setTimeout(resolve, 20))
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGTERM')
    await Promise.all(lanes)
    expect(await exited).toBe(0)

    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(statuses.filter((status) => status !== 201)).toEqual([])
    expect(created.size).toBeGreaterThan(40)
    expect(refused).toBe(8)
    expect(server.output()).toMatch(/shutting down/)

    // The same data dir, started again: exactly the tokens that were answered 201.
    const again = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
    try {
      const kept: string[] = []
      let cursor: string | undefined
      do {
        const page = await http(
          again.url,
          'GET',
          `/organization/${org.body.id}/apiToken?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
          { authorization },
        )
        expect(page.status).toBe(200)
        kept.push(...page.body.results.map((token: { name: string }) => token.name))
        cursor = page.body.next_cursor ?? undefined
      } while (cursor)
      expect(kept.sort()).toEqual([...created].sort())
      console.info(
        `shutdown: ${created.size} creations answered 201 and kept, ${refused} lanes refused at the connection after SIGTERM`,
      )
    } finally {
      await again.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
