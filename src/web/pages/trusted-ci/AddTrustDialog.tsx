import { type FormEvent, useState } from 'react'
import { describeConditions, grantableRoles } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { Alert } from '../../components/Alert.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { Field } from '../../components/Field.tsx'
import { FormActions } from '../../components/FormActions.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { formProblemOf } from '../../lib/problems.ts'
import { roleLabel } from '../../lib/roles.ts'
import { conditionsOf, emptyFields, issuerOf, type Preset, type PresetFields } from './presets.ts'

const presets: { value: Preset; label: string }[] = [
  { value: 'github', label: 'GitHub Actions' },
  { value: 'gitlab', label: 'GitLab CI' },
  { value: 'custom', label: 'Other (any claims)' },
]

/** A trust from a preset (GitHub Actions, GitLab CI) or custom claims, its conditions shown in words. */
export function AddTrustDialog({
  onCreated,
  onClose,
}: {
  onCreated: (name: string) => void
  onClose: () => void
}) {
  const { organization, roles, myRole } = useOrganization()
  // The least powerful role by default: a CI job should get no more than it needs.
  const offered = grantableRoles(roles, myRole)
  const [preset, setPreset] = useState<Preset>('github')
  const [fields, setFields] = useState<PresetFields>(emptyFields)
  const [name, setName] = useState('')
  const [roleId, setRoleId] = useState(
    () => offered.find((role) => role.name === 'devops')?.id ?? offered.at(-1)?.id ?? '',
  )
  const [lifetimeMinutes, setLifetimeMinutes] = useState('15')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)
  const conditions = conditionsOf(preset, fields)
  const set = (change: Partial<PresetFields>) => setFields((previous) => ({ ...previous, ...change }))
  const conditionError =
    problem.fields.conditions ??
    problem.fields['conditions.repository'] ??
    problem.fields['conditions.project_path'] ??
    problem.fields['conditions.sub'] ??
    Object.entries(problem.fields).find(([field]) => field.startsWith('conditions.'))?.[1]

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const created = await api.createOidcTrust({
        organizationId: organization.id,
        body: {
          name: name.trim(),
          issuer: issuerOf(preset, fields),
          conditions,
          role_id: roleId,
          token_lifetime_seconds: Math.round(Number(lifetimeMinutes) * 60),
        },
      })
      onCreated(created.name)
      onClose()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title="New trust"
      description="Jobs that match get a short-lived API token for their ID token: nothing to store in CI."
      onClose={onClose}
      busy={busy}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <fieldset className="preset-choice">
          <legend>CI system</legend>
          {presets.map((option) => (
            <label key={option.value} className="radio-label">
              <input
                type="radio"
                name="preset"
                value={option.value}
                checked={preset === option.value}
                onChange={() => setPreset(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        {preset === 'github' ? (
          <>
            <Field label="Owner" hint="The user or organization on GitHub, e.g. acme." error={conditionError}>
              <input value={fields.owner} onChange={(e) => set({ owner: e.target.value })} data-autofocus />
            </Field>
            <Field label="Repository" optional hint="Blank: every repository of the owner.">
              <input value={fields.repository} onChange={(e) => set({ repository: e.target.value })} />
            </Field>
            <fieldset className="preset-choice">
              <legend>Jobs that run</legend>
              <label className="radio-label">
                <input
                  type="radio"
                  name="scope"
                  checked={fields.scope === 'branch'}
                  onChange={() => set({ scope: 'branch' })}
                />
                On a branch
              </label>
              <label className="radio-label">
                <input
                  type="radio"
                  name="scope"
                  checked={fields.scope === 'environment'}
                  onChange={() => set({ scope: 'environment' })}
                />
                In an environment
              </label>
            </fieldset>
            {fields.scope === 'branch' ? (
              <Field label="Branch" optional hint="e.g. main, or release/* for every release branch.">
                <input value={fields.branch} onChange={(e) => set({ branch: e.target.value })} />
              </Field>
            ) : (
              <Field label="Environment" hint="The job's deployment environment, e.g. production.">
                <input value={fields.environment} onChange={(e) => set({ environment: e.target.value })} />
              </Field>
            )}
          </>
        ) : preset === 'gitlab' ? (
          <>
            <Field
              label="Project path"
              hint="group/project, or group/* for every project of a group."
              error={conditionError}
            >
              <input
                value={fields.projectPath}
                onChange={(e) => set({ projectPath: e.target.value })}
                data-autofocus
              />
            </Field>
            <Field label="Ref" optional hint="A branch or tag name, e.g. main.">
              <input value={fields.ref} onChange={(e) => set({ ref: e.target.value })} />
            </Field>
            <label className="checkbox-label">
              <input
                type="checkbox"
                checked={fields.protectedOnly}
                onChange={(e) => set({ protectedOnly: e.target.checked })}
              />
              Protected branches and tags only
            </label>
          </>
        ) : (
          <>
            <Field
              label="Issuer"
              hint="An issuer URL this server accepts (GATEHOUSE_OIDC_ISSUERS)."
              error={problem.fields.issuer}
            >
              <input value={fields.issuer} onChange={(e) => set({ issuer: e.target.value })} data-autofocus />
            </Field>
            <Field
              label="Claims"
              hint="One claim=value a line; * matches anything. Include sub, repository or project_path."
              error={conditionError}
            >
              <textarea rows={3} value={fields.claims} onChange={(e) => set({ claims: e.target.value })} />
            </Field>
          </>
        )}
        <p className="trust-preview" aria-live="polite">
          Accepts:{' '}
          <strong>{Object.keys(conditions).length ? describeConditions(conditions) : 'nothing yet'}</strong>
        </p>
        <Field label="Name" hint="e.g. “deploy main”." error={problem.fields.name}>
          <input required maxLength={255} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field
          label="Role"
          hint="The tokens it issues can do what this role allows, and no more than yours."
          error={problem.fields.role_id}
        >
          <select value={roleId} onChange={(e) => setRoleId(e.target.value)} required>
            {offered.map((role) => (
              <option key={role.id} value={role.id}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Token lifetime" hint="Minutes, 1 to 60." error={problem.fields.token_lifetime_seconds}>
          <input
            type="number"
            min={1}
            max={60}
            value={lifetimeMinutes}
            onChange={(e) => setLifetimeMinutes(e.target.value)}
          />
        </Field>
        <FormActions
          busy={busy}
          onCancel={onClose}
          label="Create trust"
          busyLabel="Creating…"
          blocked={offered.length === 0}
        />
      </form>
    </Dialog>
  )
}
