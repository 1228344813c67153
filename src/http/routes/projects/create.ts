import { createProject } from '../../../contract/index.ts'
import { createProject as create } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateProject(app: App) {
  registerOperation(app, createProject, (request) =>
    create(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}
