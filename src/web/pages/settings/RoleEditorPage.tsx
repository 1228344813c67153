import { type FormEvent, useEffect, useState } from 'react'
import { api, type RequestError } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Field } from '../../components/Field.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { Loading } from '../../components/Loading.tsx'
import { NotAllowed } from '../../components/NotAllowed.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { type FormProblem, formProblemOf } from '../../lib/problems.ts'
import { Link, navigate, organizationPage } from '../../lib/router.tsx'
import { useResource } from '../../lib/useResource.ts'
import { type Grid, gridOf, levelLabels, projectPermissionsOf } from './grants.ts'
import { PermissionGrid } from './PermissionGrid.tsx'

/**
 * Creates or edits a custom role: its name, its description, and a permission per project and
 * environment mode. Owners and admins edit; devops, who may hand custom roles out, see what one
 * grants. A new role is created (the API's create takes no permissions) and then given its grid.
 */
export function RoleEditorPage({ roleId }: { roleId: string | undefined }) {
  const { organization, can, myRole, reloadRoles } = useOrganization()
  const mayEdit = can('members:manage')
  const mayRead = mayEdit || can('roles:read')
  const rolesHref = organizationPage(organization.id, 'roles')
  const projects = useResource(
    () => api.listAll('listProject', { organizationId: organization.id }, { pageSize: 1000 }),
    `projects:${organization.id}`,
  )
  const role = useResource(
    () =>
      roleId
        ? api.getOrganizationCustomRole({ organizationId: organization.id, customRoleId: roleId })
        : Promise.resolve(undefined),
    `custom-role:${roleId ?? 'new'}`,
  )
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [grid, setGrid] = useState<Grid>({})
  // The role the form was filled from: a new answer for the same role (after saving) leaves the form be.
  const [filledFrom, setFilledFrom] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [sentProjectIds, setSentProjectIds] = useState<string[]>([])
  const [saved, setSaved] = useState<string>()

  useEffect(() => {
    if (!role.data || filledFrom === role.data.id) return
    setName(role.data.name)
    setDescription(role.data.description)
    setGrid(gridOf(role.data))
    setFilledFrom(role.data.id)
  }, [role.data, filledFrom])

  const back = (
    <Link href={rolesHref} className="back-link">
      ← All roles
    </Link>
  )
  if (!mayRead) return <NotAllowed role={myRole?.name} what="see what custom roles grant" />
  if (role.error || projects.error) {
    return (
      <>
        {back}
        <LoadError
          error={(role.error ?? projects.error) as RequestError}
          onRetry={() => {
            role.reload()
            projects.reload()
          }}
        />
      </>
    )
  }
  // A role made here is already in the form: no loading screen when the address takes its id.
  if (!projects.data || (roleId && !role.data && filledFrom !== roleId)) return <Loading />

  const problem = problemOf(error, sentProjectIds)
  const shownName = role.data?.name ?? name
  const title = roleId ? (mayEdit ? `Edit role ${shownName}` : `Role ${shownName}`) : 'New role'

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setSaved(undefined)
    const { projectIds, body } = projectPermissionsOf(grid)
    setSentProjectIds(projectIds)
    const words = { name: name.trim(), description: description.trim() }
    let id = roleId ?? filledFrom
    try {
      if (!id) {
        const created = await api.createOrganizationCustomRole({
          organizationId: organization.id,
          body: words,
        })
        id = created.id
        // From here on this form edits the role it made, even if giving it its grid fails below.
        setFilledFrom(id)
      }
      const answer = await api.editOrganizationCustomRole({
        organizationId: organization.id,
        customRoleId: id,
        body: { ...words, cluster_permissions: [], project_permissions: body },
      })
      setName(answer.name)
      setDescription(answer.description)
      setGrid(gridOf(answer))
      setSaved(`Role ${answer.name} saved.`)
      role.reload()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
      // Every role picker reads the new list (a role made just now is in it even if its grid was refused).
      reloadRoles()
      if (id && id !== roleId) navigate(organizationPage(organization.id, `roles/${id}`), { replace: true })
    }
  }

  return (
    <>
      {back}
      <PageHeader
        title={title}
        description="A custom role gives a permission per project and per environment mode, and nothing else: it never manages tokens, members or the organization."
      />
      {!mayEdit ? (
        <Alert tone="info">
          Only owners and admins can change custom roles{myRole ? ` (your role: ${myRole.name})` : ''}.
        </Alert>
      ) : null}
      <form className="form role-editor" onSubmit={submit} noValidate aria-label={title}>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <div className="card section form-narrow">
          <Field label="Name" error={problem.fields.name}>
            <input
              required
              maxLength={255}
              value={name}
              readOnly={!mayEdit}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field label="Description" optional error={problem.fields.description}>
            <textarea
              rows={2}
              maxLength={1000}
              value={description}
              readOnly={!mayEdit}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
        </div>
        <section className="section" aria-labelledby="grid-heading">
          <h2 id="grid-heading" className="section-title">
            Project permissions
          </h2>
          <dl className="level-legend small">
            <div>
              <dt>{levelLabels.NO_ACCESS}</dt>
              <dd>the project and those environments stay hidden</dd>
            </div>
            <div>
              <dt>{levelLabels.VIEWER}</dt>
              <dd>sees the project, those environments and their deployments</dd>
            </div>
            <div>
              <dt>{levelLabels.DEPLOYER}</dt>
              <dd>also deploys those environments</dd>
            </div>
            <div>
              <dt>{levelLabels.MANAGER}</dt>
              <dd>also creates, edits and deletes them</dd>
            </div>
          </dl>
          {projects.data.results.length === 0 ? (
            <p className="empty-line">
              This organization has no projects yet: the role gives access to none until you create one and
              come back.
            </p>
          ) : (
            <PermissionGrid
              projects={projects.data.results}
              grid={grid}
              readOnly={!mayEdit}
              rowErrors={problem.rows}
              onChange={(projectId, row) => {
                setSaved(undefined)
                setGrid((previous) => ({ ...previous, [projectId]: row }))
              }}
            />
          )}
          <p className="muted small">Projects created later get no access until you give it here.</p>
        </section>
        {mayEdit ? (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
              {busy ? 'Saving…' : roleId || filledFrom ? 'Save changes' : 'Create role'}
            </button>
            <Link href={rolesHref} className="button">
              Cancel
            </Link>
            {saved ? (
              <span className="saved" role="status">
                {saved}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
    </>
  )
}

/** A refusal beside the field it is about; an error on project_permissions.N goes to that project's row. */
function problemOf(
  error: unknown,
  sentProjectIds: string[],
): FormProblem & { rows: Partial<Record<string, string>> } {
  const problem = formProblemOf(error)
  const rows: Partial<Record<string, string>> = {}
  const fields: Partial<Record<string, string>> = {}
  const unplaced: string[] = []
  for (const [field, message] of Object.entries(problem.fields)) {
    const row = /^project_permissions\.(\d+)/.exec(field)
    const projectId = row ? sentProjectIds[Number(row[1])] : undefined
    if (projectId) rows[projectId] ??= message
    else if (field === 'name' || field === 'description') fields[field] = message
    else if (message) unplaced.push(`${field} ${message}`)
  }
  const general = [problem.general, ...unplaced].filter(Boolean).join(' ') || undefined
  return { fields, general, rows }
}
