import { editProject } from '../../../contract/index.ts'
import { updateProject } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerUpdateProject(app: App) {
  registerOperation(app, editProject, (request) =>
    updateProject(app.deps, contextOf(request), request.params.projectId, request.body),
  )
}
