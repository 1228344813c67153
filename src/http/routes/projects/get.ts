import { getProject } from '../../../contract/index.ts'
import { getProject as find } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetProject(app: App) {
  registerOperation(app, getProject, (request) =>
    find(app.deps, contextOf(request), request.params.projectId),
  )
}
