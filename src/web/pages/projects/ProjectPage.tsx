import { type FormEvent, useState } from 'react'
import type { Environment, EnvironmentMode, Wire } from '../../../contract/index.ts'
import { environmentModes } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Field } from '../../components/Field.tsx'
import { Icon } from '../../components/Icon.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { Link, navigate, organizationPage } from '../../lib/router.tsx'
import { usePagedList } from '../../lib/usePagedList.ts'
import { useResource } from '../../lib/useResource.ts'
import { DeleteEnvironmentDialog } from './DeleteEnvironmentDialog.tsx'
import { DeleteProjectDialog } from './DeleteProjectDialog.tsx'
import { EditEnvironmentDialog } from './EditEnvironmentDialog.tsx'
import { EditProjectDialog } from './EditProjectDialog.tsx'
import { modeLabel } from './modes.ts'

export function ProjectPage({ projectId }: { projectId: string }) {
  const { organization, can } = useOrganization()
  const project = useResource(() => api.getProject({ projectId }), `project:${projectId}`)
  const environments = usePagedList(
    (query) => api.listEnvironment({ projectId, query }),
    `environments:${projectId}`,
  )
  const mayWrite = can('projects:write')
  const [editingProject, setEditingProject] = useState(false)
  const [deletingProject, setDeletingProject] = useState(false)
  const [editing, setEditing] = useState<Wire<Environment>>()
  const [deleting, setDeleting] = useState<Wire<Environment>>()
  const [announcement, setAnnouncement] = useState('')
  const projectsHref = organizationPage(organization.id, 'projects')
  const back = (
    <Link href={projectsHref} className="back-link">
      ← All projects
    </Link>
  )
  if (project.error) {
    return (
      <>
        {back}
        <LoadError error={project.error} onRetry={project.reload} />
      </>
    )
  }
  if (!project.data) return <Loading />
  return (
    <>
      {back}
      <PageHeader
        title={project.data.name}
        description={project.data.description || undefined}
        actions={
          mayWrite ? (
            <>
              <button type="button" className="button" onClick={() => setEditingProject(true)}>
                Edit project
              </button>
              <button type="button" className="button button-danger" onClick={() => setDeletingProject(true)}>
                <Icon name="trash" />
                Delete project
              </button>
            </>
          ) : null
        }
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {mayWrite ? <CreateEnvironmentForm projectId={projectId} onCreated={environments.reload} /> : null}
      <section className="section" aria-labelledby="environments-heading">
        <h2 id="environments-heading" className="section-title">
          Environments
        </h2>
        {environments.error ? (
          <LoadError error={environments.error} onRetry={environments.reload} />
        ) : !environments.items ? (
          <Loading rows={2} />
        ) : environments.items.length === 0 ? (
          <p className="empty-line">No environments yet.</p>
        ) : (
          <div className="table-card">
            <table className="table responsive-table" aria-label="Environments">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Created</th>
                  {mayWrite ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {environments.items.map((environment) => (
                  <tr key={environment.id} data-environment-id={environment.id}>
                    <td data-label="Name" className="strong">
                      {/* Its page lists its deployments and deploys it. */}
                      <Link
                        href={organizationPage(
                          organization.id,
                          `projects/${projectId}/environments/${environment.id}`,
                        )}
                      >
                        {environment.name}
                      </Link>
                    </td>
                    <td data-label="Mode">
                      <span className={`badge badge-mode-${environment.mode.toLowerCase()}`}>
                        {environment.mode.toLowerCase()}
                      </span>
                    </td>
                    <td data-label="Created" className="muted">
                      <RelativeTime iso={environment.created_at} />
                    </td>
                    {mayWrite ? (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Edit environment ${environment.name}`}
                          onClick={() => setEditing(environment)}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="icon-button icon-button-danger"
                          aria-label={`Delete environment ${environment.name}`}
                          title="Delete environment"
                          onClick={() => setDeleting(environment)}
                        >
                          <Icon name="trash" />
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={environments} what="environments" />
      </section>
      {editingProject ? (
        <EditProjectDialog
          project={project.data}
          onClose={() => setEditingProject(false)}
          onSaved={(saved) => {
            setAnnouncement(`Project ${saved.name} saved.`)
            project.reload()
          }}
        />
      ) : null}
      {deletingProject ? (
        <DeleteProjectDialog
          project={project.data}
          // Named and counted only when all are loaded; else the dialog says "all of its environments".
          environments={environments.hasMore ? undefined : environments.items}
          onClose={() => setDeletingProject(false)}
          // The page is gone with the project: back to the list, without leaving it in history.
          onDeleted={() => navigate(projectsHref, { replace: true })}
        />
      ) : null}
      {editing ? (
        <EditEnvironmentDialog
          environment={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setAnnouncement(`Environment ${saved.name} saved.`)
            environments.reload()
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteEnvironmentDialog
          environment={deleting}
          project={project.data}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setAnnouncement(`Environment ${deleting.name} deleted.`)
            environments.reload()
          }}
        />
      ) : null}
    </>
  )
}

function CreateEnvironmentForm({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const [name, setName] = useState('')
  const [mode, setMode] = useState<EnvironmentMode>('DEVELOPMENT')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.createEnvironment({ projectId, body: { name: name.trim(), mode } })
      setName('')
      onCreated()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card section" aria-labelledby="new-environment-heading">
      <h2 id="new-environment-heading" className="section-title">
        New environment
      </h2>
      <form className="inline-form" onSubmit={submit} noValidate>
        <Field label="Name" error={problem.fields.name}>
          <input required maxLength={255} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Mode" error={problem.fields.mode}>
          <select value={mode} onChange={(e) => setMode(e.target.value as EnvironmentMode)}>
            {environmentModes.map((m) => (
              <option key={m} value={m}>
                {modeLabel(m)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </form>
      {problem.general ? <Alert>{problem.general}</Alert> : null}
    </section>
  )
}
