import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { http, startServerProcess } from '../support/process.ts'

/** What `npm start` does: a fresh embedded database on first start, the same data after a restart. */
it('creates the embedded database on first start and keeps the data across a restart', {
  timeout: 120_000,
}, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-restart-')), 'data')
  try {
    const first = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
    expect(first.output()).toContain(`embedded PostgreSQL in ${dataDir}`)
    const body = { email: 'restart@example.test', password: 'password-123', name: 'Restart' }
    expect((await http(first.url, 'POST', '/auth/signup', { body })).status).toBe(201)
    const login = await http(first.url, 'POST', '/auth/login', {
      body: { email: body.email, password: body.password },
    })
    const org = await http(first.url, 'POST', '/organization', {
      authorization: `Bearer ${login.body.token}`,
      body: { name: 'Survives restarts' },
    })
    const token = await http(first.url, 'POST', `/organization/${org.body.id}/apiToken`, {
      authorization: `Bearer ${login.body.token}`,
      body: { name: 'kept' },
    })
    await first.stop()

    const second = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
    try {
      const whoami = await http(second.url, 'GET', '/auth/whoami', {
        authorization: `Token ${token.body.token}`,
      })
      expect(whoami.status).toBe(200)
      expect(whoami.body.api_token.organization_id).toBe(org.body.id)
      const again = await http(second.url, 'POST', '/auth/login', {
        body: { email: body.email, password: body.password },
      })
      expect(again.status).toBe(200)
    } finally {
      await second.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

it('refuses a second process on the same embedded database, with a message saying why', {
  timeout: 120_000,
}, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-lock-')), 'data')
  const first = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
  try {
    const second = startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
    await expect(second).rejects.toThrow(
      /another Gatehouse process \(pid \d+\) is using the embedded database/,
    )
    expect((await http(first.url, 'GET', '/readyz')).status).toBe(200)
  } finally {
    await first.stop()
  }
  // Stopped cleanly, it released the lock: the next start works.
  const third = await startServerProcess({ GATEHOUSE_DATA_DIR: dataDir })
  await third.stop()
  rmSync(dataDir, { recursive: true, force: true })
})
