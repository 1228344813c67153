import { type FormEvent, useRef, useState } from 'react'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Field } from '../../components/Field.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { LoadMore } from '../../components/LoadMore.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { Link, organizationPage } from '../../lib/router.tsx'
import { usePagedList } from '../../lib/usePagedList.ts'
import { useResource } from '../../lib/useResource.ts'

/**
 * One environment: its deployments, newest first (as the API answers them), and a Deploy form for
 * those whose role may deploy. A custom role may deploy some modes and not others, which the
 * console cannot tell from the role's summary: the API decides, and its refusal is shown in words.
 */
export function EnvironmentPage({ projectId, environmentId }: { projectId: string; environmentId: string }) {
  const { organization, can } = useOrganization()
  const environment = useResource(() => api.getEnvironment({ environmentId }), `environment:${environmentId}`)
  const project = useResource(() => api.getProject({ projectId }), `project:${projectId}`)
  const deployments = usePagedList(
    (query) => api.listDeployment({ environmentId, query }),
    `deployments:${environmentId}`,
  )
  const [announcement, setAnnouncement] = useState('')
  const back = (
    <Link href={organizationPage(organization.id, `projects/${projectId}`)} className="back-link">
      ← {project.data ? project.data.name : 'Project'}
    </Link>
  )
  if (environment.error) {
    return (
      <>
        {back}
        <LoadError error={environment.error} onRetry={environment.reload} />
      </>
    )
  }
  if (!environment.data) return <Loading />
  const { name, mode } = environment.data
  return (
    <>
      {back}
      <PageHeader
        title={name}
        description={
          <>
            <span className={`badge badge-mode-${mode.toLowerCase()}`}>{mode.toLowerCase()}</span>{' '}
            {project.data ? `Environment of ${project.data.name}` : 'Environment'}
          </>
        }
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {can('deployments:create') ? (
        <DeployForm
          environmentId={environmentId}
          onDeployed={(version) => {
            setAnnouncement(`Deployment of ${version} requested.`)
            deployments.reload()
          }}
        />
      ) : null}
      <section className="section" aria-labelledby="deployments-heading">
        <h2 id="deployments-heading" className="section-title">
          Deployments
        </h2>
        {deployments.error ? (
          <LoadError error={deployments.error} onRetry={deployments.reload} />
        ) : !deployments.items ? (
          <Loading rows={2} />
        ) : deployments.items.length === 0 ? (
          <p className="empty-line">No deployments yet.</p>
        ) : (
          <div className="table-card">
            <table className="table responsive-table" aria-label="Deployments, newest first">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {deployments.items.map((deployment) => (
                  <tr key={deployment.id} data-deployment-id={deployment.id}>
                    <td data-label="Version" className="mono strong">
                      {deployment.version}
                    </td>
                    <td data-label="Status">
                      <span className="badge">{deployment.status.toLowerCase()}</span>
                    </td>
                    <td data-label="Requested by">
                      {deployment.requested_by.name}
                      {deployment.requested_by.type === 'api_token' ? (
                        <span className="badge badge-token">API token</span>
                      ) : null}
                    </td>
                    <td data-label="When" className="muted">
                      <RelativeTime iso={deployment.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={deployments} what="deployments" />
      </section>
    </>
  )
}

function DeployForm({
  environmentId,
  onDeployed,
}: {
  environmentId: string
  onDeployed: (version: string) => void
}) {
  const [version, setVersion] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const deployment = await api.createDeployment({ environmentId, body: { version: version.trim() } })
      setVersion('')
      // The button is disabled once the field is empty: the focus goes back to the field, not to the page.
      input.current?.focus()
      onDeployed(deployment.version)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card section" aria-labelledby="deploy-heading">
      <h2 id="deploy-heading" className="section-title">
        Deploy
      </h2>
      <form className="inline-form inline-form-single" onSubmit={submit} noValidate>
        <Field
          label="Version"
          hint="A git commit sha or tag, e.g. 3f2a1c9 or v1.4.0."
          error={problem.fields.version}
        >
          <input
            ref={input}
            required
            maxLength={255}
            autoComplete="off"
            spellCheck={false}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
          />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy || !version.trim()}>
          {busy ? 'Deploying…' : 'Deploy'}
        </button>
      </form>
      {problem.general ? <Alert>{problem.general}</Alert> : null}
    </section>
  )
}
