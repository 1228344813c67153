import { useState } from 'react'
import type { Project, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { Icon } from '../../components/Icon.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { Link, organizationPage } from '../../lib/router.tsx'
import { usePagedList } from '../../lib/usePagedList.ts'
import { CreateProjectDialog } from './CreateProjectDialog.tsx'

export function ProjectsPage() {
  const { organization, can, myRole } = useOrganization()
  const mayRead = can('projects:read')
  const projects = usePagedList(
    (query) =>
      mayRead
        ? api.listProject({ organizationId: organization.id, query })
        : Promise.resolve({ results: [] as Wire<Project>[], next_cursor: null }),
    `projects:${organization.id}:${mayRead}`,
  )
  const [creating, setCreating] = useState(false)
  const createButton = can('projects:create') ? (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
      <Icon name="plus" />
      New project
    </button>
  ) : null

  return (
    <>
      <PageHeader
        title="Projects"
        description="Projects and their environments, governed by each member's and token's role."
        actions={createButton}
      />
      {!mayRead ? (
        <NotAllowed role={myRole?.name} what="see projects" />
      ) : projects.error ? (
        <LoadError error={projects.error} onRetry={projects.reload} />
      ) : !projects.items ? (
        <Loading label="Loading projects…" />
      ) : projects.items.length === 0 ? (
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="layers" size={22} />
          </span>
          <h2>No projects yet</h2>
          <p>
            {createButton
              ? 'Create a project to group environments.'
              : 'Nobody has created a project here yet.'}
          </p>
        </div>
      ) : (
        <>
          <ul className="project-grid">
            {projects.items.map((project) => (
              <li key={project.id}>
                <Link
                  className="project-card"
                  href={organizationPage(organization.id, `projects/${project.id}`)}
                >
                  <span className="strong">{project.name}</span>
                  <span className="muted small">{project.description || 'No description'}</span>
                  <span className="muted small">
                    Created <RelativeTime iso={project.created_at} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <LoadMore list={projects} what="projects" />
        </>
      )}
      {creating ? (
        <CreateProjectDialog onClose={() => setCreating(false)} onCreated={projects.reload} />
      ) : null}
    </>
  )
}
