import { type FormEvent, useState } from 'react'
import { type ApiError, api } from '../../api/client.ts'
import type { Project } from '../../api/types.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'

export function EditProjectDialog({
  project,
  onClose,
  onSaved,
}: {
  project: Project
  onClose: () => void
  onSaved: (project: Project) => void
}) {
  const [name, setName] = useState(project.name)
  const [description, setDescription] = useState(project.description)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const changed = name.trim() !== project.name || description.trim() !== project.description

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      // The description is always sent: an absent one would keep the old text, so clearing the
      // field would silently do nothing.
      const saved = await api.updateProject(project.id, {
        name: name.trim(),
        description: description.trim(),
      })
      onSaved(saved)
      onClose()
    } catch (caught) {
      setError(caught as ApiError)
      setBusy(false)
    }
  }

  return (
    <Dialog title="Edit project" onClose={onClose} busy={busy}>
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
          <button type="submit" className="button button-primary" disabled={busy || !changed || !name.trim()}>
            {busy ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
