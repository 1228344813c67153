import { listEnvironment } from '../../../contract/index.ts'
import { listEnvironments } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListEnvironments(app: App) {
  registerOperation(app, listEnvironment, async (request) => ({
    results: await listEnvironments(app.deps, contextOf(request), request.params.projectId),
  }))
}
