import { revokeLeakedApiTokens } from '../../../contract/index.ts'
import { revokeLeakedTokens } from '../../../services/leaked-tokens.ts'
import { originOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerRevokeLeakedApiTokens(app: App) {
  registerOperation(
    app,
    revokeLeakedApiTokens,
    (request) =>
      revokeLeakedTokens(app.deps, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        origin: originOf(request),
      }),
    {
      // Open to anyone: bound how many lookups and revocations one address can ask for.
      rateLimit: { max: app.deps.config.leakReportLimitPerMinute, timeWindow: 60_000 },
    },
  )
}
