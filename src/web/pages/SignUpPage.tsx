import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Field } from '../components/Field.tsx'
import { formProblemOf } from '../lib/problems.ts'
import { Link, navigate, safeNextPath } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'

export function SignUpPage() {
  const { account, signedIn } = useSession()
  const next = safeNextPath(new URLSearchParams(window.location.search).get('next'))
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error, {
    email_taken: { field: 'email', message: 'An account with this email already exists: sign in instead.' },
  })

  useEffect(() => {
    if (account) navigate(next === '/' ? '/new' : next, { replace: true })
  }, [account, next])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.signup({ body: { email, password, name } })
      // The answer also holds the session token: the console relies on the HttpOnly cookie only.
      const { user } = await api.login({ body: { email, password } })
      signedIn(user)
    } catch (caught) {
      setError(caught)
      setBusy(false)
    }
  }

  const signInHref = next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Manage your organization's members and API tokens in one place."
      footer={
        <>
          Already have an account? <Link href={signInHref}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field label="Name" error={problem.fields.name}>
          <input
            autoComplete="name"
            required
            maxLength={255}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Email" error={problem.fields.email}>
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password" hint="At least 8 characters." error={problem.fields.password}>
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={256}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  )
}
