import { deleteProject } from '../../../contract/index.ts'
import { deleteProject as remove } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteProject(app: App) {
  registerOperation(app, deleteProject, (request) =>
    remove(app.deps, contextOf(request), request.params.projectId),
  )
}
