import { type FormEvent, useState } from 'react'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Field } from '../../components/Field.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { DeleteOrganization } from './DeleteOrganization.tsx'

export function GeneralPage() {
  const { organization, can, myRole, reloadOrganization, reloadOrganizations } = useOrganization()
  const mayEdit = can('organization:edit')
  const [name, setName] = useState(organization.name)
  const [description, setDescription] = useState(organization.description)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const [saved, setSaved] = useState(false)
  const changed = name !== organization.name || description !== organization.description

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    setSaved(false)
    try {
      await api.editOrganization({
        organizationId: organization.id,
        body: { name: name.trim(), description: description.trim() },
      })
      setSaved(true)
      reloadOrganization()
      reloadOrganizations()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageHeader
        title="General"
        description="The organization's name and description, as members see them."
      />
      <section className="card section">
        {!mayEdit ? (
          <Alert tone="info">
            Only owners and admins can edit these{myRole ? ` (your role: ${myRole.name})` : ''}.
          </Alert>
        ) : null}
        <form className="form form-narrow" onSubmit={submit} noValidate>
          {problem.general ? <Alert>{problem.general}</Alert> : null}
          <Field label="Organization name" error={problem.fields.name}>
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
              rows={3}
              maxLength={1000}
              value={description}
              readOnly={!mayEdit}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          {mayEdit ? (
            <div className="form-actions">
              <button
                type="submit"
                className="button button-primary"
                disabled={busy || !changed || !name.trim()}
              >
                {busy ? 'Saving…' : 'Save changes'}
              </button>
              {saved && !changed ? (
                <span className="saved" role="status">
                  Saved
                </span>
              ) : null}
            </div>
          ) : null}
        </form>
      </section>
      {can('organization:delete') ? <DeleteOrganization /> : null}
    </>
  )
}
