import { listProject } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listProjects } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListProjects(app: App) {
  registerOperation(app, listProject, (request) =>
    listProjects(app.deps, contextOf(request), request.params.organizationId, pageRequestOf(request.query)),
  )
}
