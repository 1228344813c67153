import type { App } from '../../types.ts'
import { registerCreateProject } from './create.ts'
import { registerDeleteProject } from './delete.ts'
import { registerGetProject } from './get.ts'
import { registerListProjects } from './list.ts'
import { registerUpdateProject } from './update.ts'

export async function registerProjectsRoutes(app: App): Promise<void> {
  registerCreateProject(app)
  registerListProjects(app)
  registerGetProject(app)
  registerUpdateProject(app)
  registerDeleteProject(app)
}
