import { type FormEvent, useState } from 'react'
import { type ApiError, api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { useOrganization } from '../../lib/organization.tsx'

export function CreateProjectDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { organization } = useOrganization()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.createProject(organization.id, { name: name.trim(), description: description.trim() })
      onCreated()
      onClose()
    } catch (caught) {
      setError(caught as ApiError)
      setBusy(false)
    }
  }

  return (
    <Dialog title="New project" onClose={onClose} busy={busy}>
      <form className="form" onSubmit={submit} noValidate>
        {error && error.status !== 409 && !Object.keys(error.fieldErrors).length ? (
          <Alert>{error.message}</Alert>
        ) : null}
        <Field label="Name" error={error?.status === 409 ? error.message : error?.fieldErrors.name}>
          <input
            required
            maxLength={255}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Description" optional error={error?.fieldErrors.description}>
          <textarea
            rows={2}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
