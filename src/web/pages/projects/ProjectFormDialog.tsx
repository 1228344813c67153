import { type FormEvent, useState } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { formProblemOf } from '../../lib/problems.ts'

export interface ProjectFields {
  name: string
  description: string
}

/**
 * The name-and-description form behind both "New project" and "Edit project". A name already
 * taken and field errors show beside their field; anything else above the form.
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
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const changed = name.trim() !== initial.name || description.trim() !== initial.description

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await save({ name: name.trim(), description: description.trim() })
      onClose()
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy}>
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field label="Name" error={problem.fields.name}>
          <input
            required
            maxLength={255}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Description" optional error={problem.fields.description}>
          <textarea
            rows={2}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <FormActions
          busy={busy}
          onCancel={onClose}
          label={submitLabel}
          busyLabel={busyLabel}
          blocked={!name.trim() || (requireChange && !changed)}
        />
      </form>
    </Dialog>
  )
}
