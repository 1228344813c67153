import { type FormEvent, useState } from 'react'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Field } from '../components/Field.tsx'
import { formProblemOf } from '../lib/problems.ts'
import { Link, navigate, organizationPage } from '../lib/router.tsx'
import { useAccount } from '../lib/session.tsx'
import { useResource } from '../lib/useResource.ts'

/** The first-run screen (no organization yet) and "create organization" from the switcher. */
export function CreateOrganizationPage() {
  const account = useAccount()
  const organizations = useResource(() => api.listOrganization(), 'organizations')
  const firstRun = organizations.data?.results.length === 0
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const created = await api.createOrganization({
        body: { name: name.trim(), description: description.trim() },
      })
      navigate(organizationPage(created.id))
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  return (
    <AuthLayout
      title={firstRun ? `Welcome, ${account.name.split(' ')[0]}` : 'Create an organization'}
      subtitle={
        firstRun
          ? 'Start by creating your organization. You will be its owner, and can then invite your team and create API tokens.'
          : 'An organization holds members, projects and API tokens. You will be its owner.'
      }
      footer={firstRun ? null : <Link href="/">Back to the console</Link>}
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field
          label="Organization name"
          hint="Your company or team, e.g. Acme Inc."
          error={problem.fields.name}
        >
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
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </form>
    </AuthLayout>
  )
}
