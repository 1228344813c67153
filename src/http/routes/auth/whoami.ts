import type { FastifyReply } from 'fastify'
import { whoami } from '../../../contract/index.ts'
import type { Principal } from '../../../core/principal.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/**
 * Describes the caller, from the authentication cache alone: the cheapest authenticated route,
 * which scripts call to check a credential. A cached credential keeps its principal object from
 * one request to the next, so its answer is serialized once (by the route's own schema) and the
 * same bytes are sent again: the principal never changes while it is cached. It answers within
 * the call, without a promise.
 */
export function registerWhoami(app: App) {
  const answers = new WeakMap<Principal, string>()
  registerOperation(app, whoami, (request, reply) => {
    const principal = request.principal as Principal
    let answer = answers.get(principal)
    if (answer === undefined) {
      answer = reply.serialize(describe(principal)) as string
      answers.set(principal, answer)
    }
    return sendJson(reply, answer)
  })
}

/** A body already serialized: with a JSON content type, Fastify sends a string as it is. */
function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json)
}

function describe(principal: Principal) {
  if (principal.kind === 'user') {
    return {
      type: 'user' as const,
      user: { id: principal.userId, email: principal.email, name: principal.name },
    }
  }
  return {
    type: 'api_token' as const,
    api_token: {
      id: principal.tokenId,
      name: principal.name,
      organization_id: principal.organizationId,
      role_id: principal.roleId,
      role_name: principal.roleName,
    },
  }
}
