import { listEnvironment } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listEnvironments } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListEnvironments(app: App) {
  registerOperation(app, listEnvironment, (request) =>
    listEnvironments(app.deps, contextOf(request), request.params.projectId, pageRequestOf(request.query)),
  )
}
