import { listDeployment } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listDeployments } from '../../../services/deployments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListDeployments(app: App) {
  registerOperation(app, listDeployment, (request) =>
    listDeployments(app.deps, contextOf(request), request.params.environmentId, pageRequestOf(request.query)),
  )
}
