import { beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiResponse,
  addMember,
  type Credential,
  call,
  createApiToken,
  createOrganization,
  signUpAndLogIn,
  type TestOrganization,
  uniqueSuffix,
} from '../support/api.ts'
import { createCustomRole, createProject } from '../support/fixtures.ts'
import { describeEachDatabase, type TestGatehouse } from '../support/harness.ts'
import {
  describeErrors,
  loadQoveryDocument,
  type QoveryOperation,
  qoveryPath,
  qoveryValidator,
} from './qovery-document.ts'

/**
 * A client generated from Qovery's OpenAPI document must work against Gatehouse for every
 * operation both have: same operationId, path and method, request bodies exactly as Qovery's
 * request schemas describe them, a status Qovery documents as success, and answers that Qovery's
 * response schemas accept (Gatehouse may add fields).
 */

const qovery = loadQoveryDocument()
const validatorFor = qoveryValidator()

/** What a Qovery client sends for one operation. */
interface QoveryRequest {
  as: Credential
  parameters: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  /** Checks beyond Qovery's schema, on the answer's body. */
  check?: (body: unknown) => void
}

interface Context {
  gatehouse: TestGatehouse
  org: TestOrganization
}

function operationNamed(operationId: string): QoveryOperation {
  const operation = qovery.operations.get(operationId)
  if (!operation) throw new Error(`${operationId} is not in the Qovery subset`)
  return operation
}

/**
 * Sends one request as a client generated from Qovery's document would (its path, its method, a
 * body its request schema accepts), and checks the answer: a status Qovery documents as success,
 * and a body Qovery's response schema accepts.
 */
async function sendAsQovery(
  gatehouse: TestGatehouse,
  operationId: string,
  request: QoveryRequest,
): Promise<ApiResponse> {
  const operation = operationNamed(operationId)
  // The request itself must be one Qovery's schema accepts, or this test proves nothing.
  if (request.body !== undefined) {
    expect(operation.requestSchema, `${operationId} takes no body in Qovery's document`).toBeDefined()
    const validateRequest = validatorFor(operation.requestSchema ?? {})
    expect(validateRequest(request.body), describeErrors(validateRequest).join('\n')).toBe(true)
  }
  const query = request.query ? `?${new URLSearchParams(request.query)}` : ''
  const res = await call(
    gatehouse,
    operation.method,
    `${qoveryPath(operation, request.parameters)}${query}`,
    {
      as: request.as,
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
  )

  const successes = operation.successes.map((success) => success.status)
  expect(successes, `${operation.method} ${operation.path} answered ${res.status}: ${res.text}`).toContain(
    res.status,
  )
  const schema = operation.successes.find((success) => success.status === res.status)?.schema
  if (schema) {
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/)
    const validate = validatorFor(schema)
    expect(validate(res.body), `${describeErrors(validate).join('\n')}\nin ${res.text}`).toBe(true)
  } else if (res.status === 204) {
    expect(res.text).toBe('')
  }
  return res
}

/** An invitation made for another operation's test: only its own test checks postInviteMember's answer. */
async function invite(context: Context, email: string): Promise<string> {
  const { org, gatehouse } = context
  const operation = operationNamed('postInviteMember')
  const res = await call(gatehouse, operation.method, qoveryPath(operation, { organizationId: org.id }), {
    as: org.owner.as,
    body: { email, role_id: org.roles.devops },
  })
  expect(res.status, res.text).toBe(201)
  return res.body.id
}

/** A custom role made for another operation's test, with one project permission. */
async function customRoleFor(context: Context, purpose: string) {
  const project = await createProject(context.gatehouse, context.org, {
    name: `${purpose} ${uniqueSuffix()}`,
  })
  return createCustomRole(context.gatehouse, context.org, {
    name: `${purpose} ${uniqueSuffix()}`,
    projects: [{ project_id: project.id, permissions: { STAGING: 'DEPLOYER' } }],
  })
}

/** One request per Qovery operation, each setting up what it needs in the shared organization. */
const scenarios: Record<string, (context: Context) => Promise<QoveryRequest>> = {
  async listOrganizationAvailableRoles({ org }) {
    return { as: org.owner.as, parameters: { organizationId: org.id } }
  },

  async createOrganizationApiToken({ org }) {
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      body: { name: `qovery ${uniqueSuffix()}`, description: 'deploys main', role_id: org.roles.devops },
      check: (body) => expect(body).toMatchObject({ role_id: org.roles.devops, token: expect.any(String) }),
    }
  },

  async listOrganizationApiTokens({ gatehouse, org }) {
    const token = await createApiToken(gatehouse, org, 'viewer')
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      query: { name: token.name, creatorName: org.owner.name },
      check: (body) => expect(body).toMatchObject({ results: [{ id: token.id, name: token.name }] }),
    }
  },

  async deleteOrganizationApiToken({ gatehouse, org }) {
    const token = await createApiToken(gatehouse, org, 'viewer')
    return { as: org.owner.as, parameters: { organizationId: org.id, apiTokenId: token.id } }
  },

  async getOrganizationMembers({ gatehouse, org }) {
    const member = await addMember(gatehouse, org, 'viewer')
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      check: (body) =>
        expect((body as { results: { id: string }[] }).results.map((m) => m.id)).toContain(member.id),
    }
  },

  async editOrganizationMemberRole({ gatehouse, org }) {
    const member = await addMember(gatehouse, org, 'viewer')
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      body: { user_id: member.id, role_id: org.roles.devops },
    }
  },

  async deleteMember({ gatehouse, org }) {
    const member = await addMember(gatehouse, org, 'viewer')
    return { as: org.owner.as, parameters: { organizationId: org.id }, body: { user_id: member.id } }
  },

  async postInviteMember({ org }) {
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      body: { email: `invitee-${uniqueSuffix()}@example.test`, role_id: org.roles.viewer },
    }
  },

  async getOrganizationInvitedMembers(context) {
    const inviteId = await invite(context, `listed-${uniqueSuffix()}@example.test`)
    return {
      as: context.org.owner.as,
      parameters: { organizationId: context.org.id },
      check: (body) =>
        expect((body as { results: { id: string }[] }).results.map((i) => i.id)).toContain(inviteId),
    }
  },

  async getMemberInvitation(context) {
    const inviteId = await invite(context, `shown-${uniqueSuffix()}@example.test`)
    return {
      as: context.org.owner.as,
      parameters: { organizationId: context.org.id, inviteId },
      check: (body) => expect(body).toMatchObject({ id: inviteId, invitation_status: 'PENDING' }),
    }
  },

  async postAcceptInviteMember(context) {
    const invitee = await signUpAndLogIn(context.gatehouse, 'Ines Invitee')
    const inviteId = await invite(context, invitee.email)
    return {
      as: invitee.as,
      parameters: { organizationId: context.org.id, inviteId },
      // Gatehouse's addition: accepted_at tells an accepted invitation from an expired one.
      check: (body) => expect(body).toMatchObject({ id: inviteId, accepted_at: expect.any(String) }),
    }
  },

  async deleteInviteMember(context) {
    const inviteId = await invite(context, `withdrawn-${uniqueSuffix()}@example.test`)
    return { as: context.org.owner.as, parameters: { organizationId: context.org.id, inviteId } }
  },

  async listOrganizationCustomRoles({ gatehouse, org }) {
    const role = await customRoleFor({ gatehouse, org }, 'listed')
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      check: (body) =>
        expect((body as { results: { id: string }[] }).results.map((r) => r.id)).toContain(role.id),
    }
  },

  async createOrganizationCustomRole({ org }) {
    return {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      body: { name: `qovery role ${uniqueSuffix()}`, description: 'deploys staging' },
      check: (body) =>
        expect(body).toMatchObject({
          description: 'deploys staging',
          cluster_permissions: [],
          project_permissions: [],
        }),
    }
  },

  async getOrganizationCustomRole(context) {
    const role = await customRoleFor(context, 'shown')
    return {
      as: context.org.owner.as,
      parameters: { organizationId: context.org.id, customRoleId: role.id },
      check: (body) =>
        expect(body).toMatchObject({ id: role.id, project_permissions: role.project_permissions }),
    }
  },

  async editOrganizationCustomRole(context) {
    const role = await customRoleFor(context, 'edited')
    const project = await createProject(context.gatehouse, context.org, {
      name: `qovery web ${uniqueSuffix()}`,
    })
    // As a client generated from Qovery's document builds it: every mode of every project listed.
    const body = {
      name: role.name,
      description: 'deploys staging',
      cluster_permissions: [],
      project_permissions: [
        {
          project_id: project.id,
          is_admin: false,
          permissions: [
            { environment_type: 'DEVELOPMENT', permission: 'VIEWER' },
            { environment_type: 'PREVIEW', permission: 'NO_ACCESS' },
            { environment_type: 'STAGING', permission: 'DEPLOYER' },
            { environment_type: 'PRODUCTION', permission: 'NO_ACCESS' },
          ],
        },
      ],
    }
    return {
      as: context.org.owner.as,
      parameters: { organizationId: context.org.id, customRoleId: role.id },
      body,
      check: (answer) =>
        expect(answer).toMatchObject({
          cluster_permissions: [],
          project_permissions: [{ ...body.project_permissions[0], project_name: project.name }],
        }),
    }
  },

  async deleteOrganizationCustomRole(context) {
    const role = await customRoleFor(context, 'deleted')
    return { as: context.org.owner.as, parameters: { organizationId: context.org.id, customRoleId: role.id } }
  },

  async postOrganizationTransferOwnership({ gatehouse }) {
    // An organization of its own: the shared one keeps its owner.
    const org = await createOrganization(gatehouse, await signUpAndLogIn(gatehouse, 'Outgoing Owner'))
    const successor = await addMember(gatehouse, org, 'admin')
    return { as: org.owner.as, parameters: { organizationId: org.id }, body: { user_id: successor.id } }
  },
}

describe('the Qovery test data', () => {
  it('names its source and holds exactly the operations these tests send', () => {
    expect(qovery.source).toMatchObject({
      repository: 'https://github.com/Qovery/qovery-openapi-spec',
      commit: '651aed53ce272a6fb6ec695a68b06dcd55170092',
    })
    expect([...qovery.operations.keys()].sort()).toEqual(Object.keys(scenarios).sort())
  })

  it('is validated as Qovery means it: nullable fields, references, formats and required fields', () => {
    const create = qovery.operations.get('createOrganizationApiToken')
    const request = validatorFor(create?.requestSchema ?? {})
    const roleId = crypto.randomUUID()
    expect(request({ name: 'ci', role_id: null })).toBe(true)
    expect(request({ name: 'ci', role_id: 'not-a-uuid' })).toBe(false)
    expect(request({ name: 'ci' })).toBe(false)
    const answer = validatorFor(create?.successes[0]?.schema ?? {})
    const created = {
      id: crypto.randomUUID(),
      created_at: new Date().toISOString(),
      name: 'ci',
      role_id: roleId,
    }
    expect(answer({ ...created, extra: 'Gatehouse may add fields' })).toBe(true)
    expect(answer({ ...created, created_at: 'yesterday' })).toBe(false)
    const invitation = validatorFor(qovery.operations.get('getMemberInvitation')?.successes[0]?.schema ?? {})
    expect(invitation({ id: crypto.randomUUID(), created_at: created.created_at, email: 'a@b.test' })).toBe(
      false,
    )
  })
})

describeEachDatabase("Qovery's operations, sent by a Qovery client", (gatehouse) => {
  let org: TestOrganization
  beforeAll(async () => {
    org = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse(), 'Qovery User'))
  })

  for (const [operationId, scenario] of Object.entries(scenarios)) {
    const operation = operationNamed(operationId)
    const successes = operation.successes.map((success) => success.status)
    it(`${operationId}: ${operation.method} ${operation.path} answers ${successes.join(' or ')} with Qovery's schema`, async () => {
      const request = await scenario({ gatehouse: gatehouse(), org })
      const res = await sendAsQovery(gatehouse(), operationId, request)
      request.check?.(res.body)
    })
  }

  it('createOrganizationApiToken with role_id null (nullable in Qovery) makes an admin token', async () => {
    const res = await sendAsQovery(gatehouse(), 'createOrganizationApiToken', {
      as: org.owner.as,
      parameters: { organizationId: org.id },
      body: { name: `qovery admin ${uniqueSuffix()}`, role_id: null },
    })
    expect(res.body).toMatchObject({ role_id: org.roles.admin, role_name: 'admin' })
  })

  it('editOrganizationCustomRole refuses any cluster permission with a 400 naming the field, and changes nothing', async () => {
    const role = await customRoleFor({ gatehouse: gatehouse(), org }, 'clustered')
    const operation = operationNamed('editOrganizationCustomRole')
    const body = {
      name: role.name,
      cluster_permissions: [{ cluster_id: crypto.randomUUID(), permission: 'ENV_CREATOR' }],
      project_permissions: [],
    }
    // Qovery's schema accepts it: the refusal is Gatehouse's, for want of clusters.
    expect(validatorFor(operation.requestSchema ?? {})(body)).toBe(true)
    const path = qoveryPath(operation, { organizationId: org.id, customRoleId: role.id })
    const res = await call(gatehouse(), operation.method, path, { as: org.owner.as, body })
    expect(res.status, res.text).toBe(400)
    expect(res.body.errors).toEqual([
      { field: 'body.cluster_permissions', message: 'must be an empty array (Gatehouse has no clusters)' },
    ])
    const after = await call(gatehouse(), 'GET', path, { as: org.owner.as })
    expect(after.body.project_permissions).toEqual(role.project_permissions)
  })

  it("getMemberInvitation describes an accepted or expired invitation with Qovery's status values", async () => {
    const operation = qovery.operations.get('getMemberInvitation')
    const schema = operation?.successes.find((success) => success.status === 200)?.schema
    if (!operation || !schema) throw new Error('getMemberInvitation answers 200 with a body in Qovery')
    const validate = validatorFor(schema)
    const context = { gatehouse: gatehouse(), org }
    const show = (inviteId: string, as: Credential) =>
      call(gatehouse(), operation.method, qoveryPath(operation, { organizationId: org.id, inviteId }), { as })

    const invitee = await signUpAndLogIn(gatehouse(), 'Accepting Invitee')
    const accepted = await invite(context, invitee.email)
    const acceptance = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember/${accepted}`, {
      as: invitee.as,
    })
    expect(acceptance.status, acceptance.text).toBeLessThan(300)
    const afterAcceptance = await show(accepted, org.owner.as)
    // Gone is fine (Qovery lists pending invitations only); described, it must fit Qovery's enum.
    if (afterAcceptance.status !== 404) {
      expect(afterAcceptance.status).toBe(200)
      expect(
        validate(afterAcceptance.body),
        `${describeErrors(validate).join('\n')}\nin ${afterAcceptance.text}`,
      ).toBe(true)
      expect(afterAcceptance.body.accepted_at, 'an accepted invitation says when').toEqual(expect.any(String))
    }

    const expired = await invite(context, `expired-${uniqueSuffix()}@example.test`)
    const realNow = gatehouse().deps.now
    // Past the invitation lifetime (7 days), within the owner's session (14 days).
    gatehouse().deps.now = () => new Date(Date.now() + 8 * 24 * 3600 * 1000)
    try {
      const afterExpiry = await show(expired, org.owner.as)
      expect(afterExpiry.status).toBe(200)
      expect(afterExpiry.body.invitation_status).toBe('EXPIRED')
      expect(
        validate(afterExpiry.body),
        `${describeErrors(validate).join('\n')}\nin ${afterExpiry.text}`,
      ).toBe(true)
    } finally {
      gatehouse().deps.now = realNow
    }
  })

  it("Gatehouse's OpenAPI document names each of these operations as Qovery does, at the same path and method", async () => {
    const doc = await call(gatehouse(), 'GET', '/openapi.json')
    expect(doc.status).toBe(200)
    const paths = doc.body.paths as Record<
      string,
      Record<string, { operationId?: string; responses?: Record<string, unknown> }>
    >
    const differences: string[] = []
    for (const operation of qovery.operations.values()) {
      const ours = paths[operation.path]?.[operation.method.toLowerCase()]
      const where = `${operation.method} ${operation.path}`
      if (!ours) {
        const elsewhere = Object.entries(paths).flatMap(([path, item]) =>
          Object.entries(item)
            .filter(([, op]) => op.operationId === operation.operationId)
            .map(([method]) => `${method.toUpperCase()} ${path}`),
        )
        differences.push(
          `${operation.operationId}: no ${where} (found at: ${elsewhere.join(', ') || 'nowhere'})`,
        )
        continue
      }
      if (ours.operationId !== operation.operationId) {
        differences.push(
          `${where}: operationId ${ours.operationId ?? '(none)'}, Qovery's is ${operation.operationId}`,
        )
      }
      const documented = Object.keys(ours.responses ?? {})
      for (const success of operation.successes) {
        if (!documented.includes(String(success.status))) {
          differences.push(
            `${operation.operationId}: Qovery answers ${success.status}, Gatehouse documents ${documented.join(', ')}`,
          )
        }
      }
    }
    expect(differences).toEqual([])
  })
})
