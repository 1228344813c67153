import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { Principal } from '../core/principal.ts'
import type { Deps } from '../services/deps.ts'
import type { LazySerializers } from './lazy-serializers.ts'
import type { FailedAuthLimiter } from './plugins/failed-auth-limiter.ts'

/** The Fastify instance every route file registers on: TypeBox schemas give typed handlers. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/** Who may call a route: nobody needs to be signed in, a user session only, or any credential. */
export type AuthRequirement = 'none' | 'user' | 'any'

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
    authLimiter: FailedAuthLimiter
    /** The response serializers, compiled at first use (lazy-serializers.ts). */
    serializers: LazySerializers
  }
  interface FastifyRequest {
    principal: Principal | undefined
  }
  interface FastifyContextConfig {
    auth?: AuthRequirement
  }
}
