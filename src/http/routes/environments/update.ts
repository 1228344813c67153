import { editEnvironment } from '../../../contract/index.ts'
import { updateEnvironment } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerUpdateEnvironment(app: App) {
  registerOperation(app, editEnvironment, (request) =>
    updateEnvironment(app.deps, contextOf(request), request.params.environmentId, request.body),
  )
}
