import { createDeployment } from '../../../contract/index.ts'
import { createDeployment as create } from '../../../services/deployments.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateDeployment(app: App) {
  registerOperation(app, createDeployment, (request) =>
    create(app.deps, contextOf(request), request.params.environmentId, request.body),
  )
}
