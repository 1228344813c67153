import { expect, it } from 'vitest'
import { type Operation, operations } from '../../src/contract/index.ts'
import { call } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

/** The OpenAPI document is generated from the routes' own schemas: every route is in it. */
describeEachDatabase('GET /openapi.json and /docs', (gatehouse) => {
  it('describes every API route with its parameters, body and answers', async () => {
    const doc = await call(gatehouse(), 'GET', '/openapi.json')
    expect(doc.status).toBe(200)
    expect(doc.body.openapi).toBe('3.1.0')
    const documented = new Set<string>()
    for (const [path, operations] of Object.entries(
      doc.body.paths as Record<string, Record<string, unknown>>,
    )) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const contract = [
      'POST /auth/signup',
      'POST /auth/login',
      'POST /auth/logout',
      'GET /auth/whoami',
      'GET /account',
      'GET /healthz',
      'GET /readyz',
      'POST /organization',
      'GET /organization',
      'GET /organization/{organizationId}',
      'PUT /organization/{organizationId}',
      'DELETE /organization/{organizationId}',
      'GET /organization/{organizationId}/availableRole',
      'GET /organization/{organizationId}/member',
      'PUT /organization/{organizationId}/member',
      'DELETE /organization/{organizationId}/member',
      'POST /organization/{organizationId}/inviteMember',
      'GET /organization/{organizationId}/inviteMember',
      'POST /organization/{organizationId}/inviteMember/{inviteId}',
      'DELETE /organization/{organizationId}/inviteMember/{inviteId}',
      'POST /organization/{organizationId}/transferOwnership',
      'POST /organization/{organizationId}/project',
      'GET /organization/{organizationId}/project',
      'GET /project/{projectId}',
      'PUT /project/{projectId}',
      'DELETE /project/{projectId}',
      'POST /project/{projectId}/environment',
      'GET /project/{projectId}/environment',
      'GET /environment/{environmentId}',
      'PUT /environment/{environmentId}',
      'DELETE /environment/{environmentId}',
      'POST /organization/{organizationId}/apiToken',
      'GET /organization/{organizationId}/apiToken',
      'DELETE /organization/{organizationId}/apiToken/{apiTokenId}',
      'GET /organization/{organizationId}/auditEvent',
    ]
    expect(contract.filter((route) => !documented.has(route))).toEqual([])

    // Named schemas are components, referenced: follow the $ref to read them.
    const resolve = (schema: { $ref?: string }) =>
      schema.$ref ? doc.body.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema
    const create = doc.body.paths['/organization/{organizationId}/apiToken'].post
    expect(resolve(create.requestBody.content['application/json'].schema).properties).toHaveProperty(
      'role_id',
    )
    expect(resolve(create.responses['201'].content['application/json'].schema).properties).toHaveProperty(
      'token',
    )
    expect(create.responses['409']).toBeDefined()
    const list = doc.body.paths['/organization/{organizationId}/apiToken'].get
    const listed = resolve(list.responses['200'].content['application/json'].schema.properties.results.items)
    expect(listed.properties).toHaveProperty('name')
    expect(listed.properties).not.toHaveProperty('token')
  })

  it('serves a browsable API reference without a credential', async () => {
    const page = await gatehouse().app.inject({ method: 'GET', url: '/api/docs/' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.body).toContain('swagger')
  })

  it("carries Gatehouse's name and reads, and links to, /api/openapi.json", async () => {
    const page = await gatehouse().app.inject({ method: 'GET', url: '/api/docs/' })
    expect(page.body).toMatch(/<title>Gatehouse API reference<\/title>/)
    expect(page.body).not.toContain('Swagger UI')
    const script = await gatehouse().app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-initializer.js',
    })
    expect(script.statusCode).toBe(200)
    // The spec the page loads is the one shown as a link under the title.
    expect(script.body).toContain('"urls":[{"url":"/api/openapi.json"')
    // The top bar shows Gatehouse's name, not Fastify's logo.
    const logo = /img\.src = 'data:image\/svg\+xml;base64,([^']+)'/.exec(script.body)?.[1] ?? ''
    expect(Buffer.from(logo, 'base64').toString()).toContain('Gatehouse API reference')
    // The page's own copy of the document is the same document.
    const own = await call(gatehouse(), 'GET', '/docs/json')
    expect(own.body).toEqual((await call(gatehouse(), 'GET', '/openapi.json')).body)
  })

  it("shows the contract's response descriptions on every operation, never a default one", async () => {
    type Response = { description?: string; $ref?: string }
    type Documented = { operationId: string; responses: Record<string, Response> }
    const doc = await call(gatehouse(), 'GET', '/openapi.json')
    const shared = doc.body.components.responses as Record<string, Response>
    const resolve = (response: Response) =>
      response.$ref ? shared[response.$ref.replace('#/components/responses/', '')] : response
    const byOperationId = new Map(
      (Object.values(operations) as Operation[]).map((operation) => [operation.operationId, operation]),
    )
    const vague: string[] = []
    for (const [path, methods] of Object.entries(
      doc.body.paths as Record<string, Record<string, Documented>>,
    )) {
      for (const [method, documented] of Object.entries(methods)) {
        const operation = byOperationId.get(documented.operationId) as Operation
        expect(operation, `${method} ${path}`).toBeDefined()
        expect(documented.responses[String(operation.success.status)]?.description).toBe(
          operation.success.description,
        )
        for (const [status, response] of Object.entries(documented.responses)) {
          const description = resolve(response)?.description
          if (!description || /default response/i.test(description))
            vague.push(`${method.toUpperCase()} ${path} ${status}: ${description}`)
        }
      }
    }
    expect(vague).toEqual([])
  })
})
