import { createEnvironment } from '../../../contract/index.ts'
import { createEnvironment as create } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateEnvironment(app: App) {
  registerOperation(app, createEnvironment, (request) =>
    create(app.deps, contextOf(request), request.params.projectId, request.body),
  )
}
