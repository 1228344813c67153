import { createProject } from '../../../services/projects.ts'
import { contextOf } from '../../plugins/auth.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import { Project, ProjectInput } from '../../schemas/project.ts'
import type { App } from '../../types.ts'

export function registerCreateProject(app: App) {
  app.post(
    '/organization/:organizationId/project',
    {
      schema: {
        tags: ['Projects'],
        summary: 'Create a project (owner, admin, devops); its name is unique in the organization',
        params: OrganizationParams,
        body: ProjectInput,
        response: { 201: Project },
      },
    },
    async (request, reply) => {
      const project = await createProject(
        app.deps,
        contextOf(request),
        request.params.organizationId,
        request.body,
      )
      return reply.code(201).send(project)
    },
  )
}
