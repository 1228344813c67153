import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  type BodyOf,
  errorStatusesOf,
  type Operation,
  type ParamsOf,
  Problem,
  type QueryOf,
  type ResultOf,
} from '../contract/index.ts'
import type { App, AuthRequirement } from './types.ts'

export type OperationRequest<Op extends Operation> = FastifyRequest<{
  Params: ParamsOf<Op>
  Querystring: QueryOf<Op>
  Body: BodyOf<Op>
}>

/** Most handlers are async; one that can answer without waiting (whoami, from the credential
 *  cache) may return its answer at once, and then costs no promise. */
export type OperationHandler<Op extends Operation> = (
  request: OperationRequest<Op>,
  reply: FastifyReply,
) => Promise<Answer<Op> | FastifyReply> | Answer<Op> | FastifyReply

/** A use case that answers nothing (204) returns Promise<void>. */
// biome-ignore lint/suspicious/noConfusingVoidType: that void is what those use cases return
type Answer<Op extends Operation> = ResultOf<Op> extends undefined ? void : ResultOf<Op>

/**
 * Registers one operation of the contract: its path, its schemas (requests are validated and
 * answers serialized by them), who may call it, and its success status. The handler returns the
 * answer's body, or the reply when it has already sent one (a problem, say).
 */
export function registerOperation<Op extends Operation>(
  app: App,
  operation: Op,
  handler: OperationHandler<Op>,
  config: Record<string, unknown> = {},
): void {
  const response: Record<number, unknown> = {
    [operation.success.status]: operation.success.schema ?? { type: 'null' },
  }
  for (const status of errorStatusesOf(operation)) response[status] = Problem
  app.route({
    method: operation.method,
    url: operation.path.replace(/\{(\w+)\}/g, ':$1'),
    config: { auth: authRequirementOf(operation), ...config },
    schema: {
      ...(operation.params ? { params: operation.params } : {}),
      ...(operation.query ? { querystring: operation.query } : {}),
      ...(operation.body ? { body: operation.body } : {}),
      response,
    },
    handler: (request, reply) => {
      const result = handler(request as OperationRequest<Op>, reply)
      if (result instanceof Promise) return result.then((settled) => answer(reply, settled))
      // Answered within this call: nothing to return (Fastify's callback style), no promise.
      answer(reply, result)
    },
  })

  function answer(reply: FastifyReply, result: unknown): FastifyReply {
    // A handler that answered itself returns the reply, which is a thenable: awaiting it gives
    // undefined once sent, so `sent` is what tells (sending again logs "Reply was already sent").
    if (result === reply || reply.sent) return reply
    return reply.code(operation.success.status).send(operation.success.schema ? result : null)
  }
}

function authRequirementOf(operation: Operation): AuthRequirement {
  if (operation.security.length === 0) return 'none'
  return operation.security.includes('apiToken') ? 'any' : 'user'
}
