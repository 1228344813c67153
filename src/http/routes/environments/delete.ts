import { deleteEnvironment } from '../../../contract/index.ts'
import { deleteEnvironment as remove } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteEnvironment(app: App) {
  registerOperation(app, deleteEnvironment, (request) =>
    remove(app.deps, contextOf(request), request.params.environmentId),
  )
}
