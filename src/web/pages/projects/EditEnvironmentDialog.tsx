import { type FormEvent, useState } from 'react'
import type { Environment, EnvironmentMode, Wire } from '../../../contract/index.ts'
import { environmentModes } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { modeLabel } from './modes.ts'

export function EditEnvironmentDialog({
  environment,
  onClose,
  onSaved,
}: {
  environment: Wire<Environment>
  onClose: () => void
  onSaved: (environment: Wire<Environment>) => void
}) {
  const [name, setName] = useState(environment.name)
  const [mode, setMode] = useState<EnvironmentMode>(environment.mode)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const changed = name.trim() !== environment.name || mode !== environment.mode

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const saved = await api.editEnvironment({
        environmentId: environment.id,
        body: { name: name.trim(), mode },
      })
      onSaved(saved)
      onClose()
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  return (
    <Dialog title="Edit environment" onClose={onClose} busy={busy}>
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
        <Field label="Mode" error={problem.fields.mode}>
          <select value={mode} onChange={(e) => setMode(e.target.value as EnvironmentMode)}>
            {environmentModes.map((m) => (
              <option key={m} value={m}>
                {modeLabel(m)}
              </option>
            ))}
          </select>
        </Field>
        <FormActions
          busy={busy}
          onCancel={onClose}
          label="Save changes"
          busyLabel="Saving…"
          blocked={!changed || !name.trim()}
        />
      </form>
    </Dialog>
  )
}
