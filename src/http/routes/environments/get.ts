import { getEnvironment } from '../../../contract/index.ts'
import { getEnvironment as find } from '../../../services/environments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetEnvironment(app: App) {
  registerOperation(app, getEnvironment, (request) =>
    find(app.deps, contextOf(request), request.params.environmentId),
  )
}
