import { listOrganizationApiTokens } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listApiTokens } from '../../../services/api-tokens.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListApiTokens(app: App) {
  registerOperation(app, listOrganizationApiTokens, (request) => {
    const { name, creatorName, status, stale } = request.query
    return listApiTokens(app.deps, contextOf(request), request.params.organizationId, {
      name,
      creatorName,
      status,
      stale: stale === undefined ? undefined : stale === 'true',
      ...pageRequestOf(request.query),
    })
  })
}
