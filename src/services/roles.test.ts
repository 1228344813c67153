import { randomUUID } from 'node:crypto'
import type { Kysely, KyselyPlugin } from 'kysely'
import { expect, it } from 'vitest'
import { createOrganization, signUpAndLogIn } from '../../test/support/api.ts'
import { describeEachDatabase } from '../../test/support/harness.ts'
import type { Database } from '../store/schema.ts'
import { BuiltInRoles, findRoleOfOrganization } from './roles.ts'

/** The database, counting the statements it answers. */
function counted(db: Kysely<Database>): { db: Kysely<Database>; statements: () => number } {
  let statements = 0
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements++
      return args.result
    },
  }
  return { db: db.withPlugin(counter), statements: () => statements }
}

describeEachDatabase('the built-in roles kept by a process', (gatehouse) => {
  it('answers a built-in role by name or id as the database does, reading the organization once', async () => {
    const gh = gatehouse()
    const org = await createOrganization(gh, await signUpAndLogIn(gh))
    const { db, statements } = counted(gh.deps.db)
    const kept = new BuiltInRoles()

    const admin = await findRoleOfOrganization(db, org.id, { builtIn: 'admin' }, kept)
    expect(statements()).toBe(1)
    expect(admin).toEqual(await findRoleOfOrganization(gh.deps.db, org.id, { builtIn: 'admin' }))
    expect(admin.id).toBe(org.roles.admin)

    const viewer = await findRoleOfOrganization(db, org.id, { id: org.roles.viewer }, kept)
    const devops = await findRoleOfOrganization(db, org.id, { builtIn: 'devops' }, kept)
    expect(statements()).toBe(1)
    expect(viewer).toEqual(await findRoleOfOrganization(gh.deps.db, org.id, { id: org.roles.viewer }))
    expect(devops.id).toBe(org.roles.devops)
  })

  it("reads a custom role every time: it can change, and is not one of the organization's built-in roles", async () => {
    const gh = gatehouse()
    const org = await createOrganization(gh, await signUpAndLogIn(gh))
    const { id } = await gh.deps.db
      .insertInto('roles')
      .values({ organization_id: org.id, name: 'deployer', kind: 'custom', permissions: ['projects:read'] })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { db, statements } = counted(gh.deps.db)
    const kept = new BuiltInRoles()

    expect(await kept.find(db, org.id, { id })).toBeUndefined()
    const before = await findRoleOfOrganization(db, org.id, { id }, kept)
    expect([...before.permissions]).toEqual(['projects:read'])
    await gh.deps.db
      .updateTable('roles')
      .set({ permissions: ['organization:read'] })
      .where('id', '=', id)
      .execute()
    const after = await findRoleOfOrganization(db, org.id, { id }, kept)
    expect([...after.permissions]).toEqual(['organization:read'])
    // The built-in roles once, then the custom role at each of the two lookups.
    expect(statements()).toBe(3)
  })

  it('keeps nothing for an organization that does not exist, and refuses its roles as the database does', async () => {
    const gh = gatehouse()
    const kept = new BuiltInRoles()
    const nowhere = randomUUID()
    await expect(
      findRoleOfOrganization(gh.deps.db, nowhere, { builtIn: 'admin' }, kept),
    ).rejects.toMatchObject({
      reason: 'role_not_found',
    })
    expect(kept.size).toBe(0)
  })

  it("does not answer with another organization's role", async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const [a, b] = [await createOrganization(gh, owner), await createOrganization(gh, owner)]
    const kept = new BuiltInRoles()
    expect((await findRoleOfOrganization(gh.deps.db, a.id, { builtIn: 'admin' }, kept)).id).toBe(
      a.roles.admin,
    )
    expect((await findRoleOfOrganization(gh.deps.db, b.id, { builtIn: 'admin' }, kept)).id).toBe(
      b.roles.admin,
    )
    await expect(findRoleOfOrganization(gh.deps.db, b.id, { id: a.roles.admin }, kept)).rejects.toMatchObject(
      {
        reason: 'role_not_found',
      },
    )
  })

  it('keeps at most the organizations it was given, forgetting the least recently used first', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const [a, b, c] = [
      await createOrganization(gh, owner),
      await createOrganization(gh, owner),
      await createOrganization(gh, owner),
    ]
    const { db, statements } = counted(gh.deps.db)
    const kept = new BuiltInRoles(2)
    await kept.find(db, a.id, { builtIn: 'admin' })
    await kept.find(db, b.id, { builtIn: 'admin' })
    await kept.find(db, a.id, { builtIn: 'viewer' }) // a is now the most recent
    await kept.find(db, c.id, { builtIn: 'admin' }) // b goes
    expect(kept.size).toBe(2)
    expect(statements()).toBe(3)
    await kept.find(db, a.id, { builtIn: 'admin' })
    expect(statements()).toBe(3)
    await kept.find(db, b.id, { builtIn: 'admin' })
    expect(statements()).toBe(4)
  })
})
