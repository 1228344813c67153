import { type FormEvent, useState } from 'react'
import type { ApiError } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'

export interface ProjectFields {
  name: string
  description: string
}

/**
 * The name-and-description form behind both "New project" and "Edit project". A duplicate name
 * (409) and field errors show beside their field; anything else above the form.
 */
export function ProjectFormDialog({
  title,
  initial,
  submitLabel,
  busyLabel,
  requireChange,
  save,
  onClose,
}: {
  title: string
  initial: ProjectFields
  submitLabel: string
  busyLabel: string
  /** Editing: the submit button waits for a change. */
  requireChange: boolean
  save: (fields: ProjectFields) => Promise<void>
  onClose: () => void
}) {
  const [name, setName] = useState(initial.name)
  const [description, setDescription] = useState(initial.description)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const changed = name.trim() !== initial.name || description.trim() !== initial.description

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await save({ name: name.trim(), description: description.trim() })
      onClose()
    } catch (caught) {
      setError(caught as ApiError)
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy}>
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
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !name.trim() || (requireChange && !changed)}
          >
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
