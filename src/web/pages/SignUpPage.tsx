import { type FormEvent, useEffect, useState } from 'react'
import { type ApiError, api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Field } from '../components/Field.tsx'
import { Link, navigate, safeNextPath } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'

export function SignUpPage() {
  const { account, signedIn } = useSession()
  const next = safeNextPath(new URLSearchParams(window.location.search).get('next'))
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()

  useEffect(() => {
    if (account) navigate(next === '/' ? '/new' : next, { replace: true })
  }, [account, next])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.signUp({ email, password, name })
      signedIn(await api.signIn({ email, password }))
    } catch (caught) {
      setError(caught as ApiError)
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
        {error ? <Alert>{error.message}</Alert> : null}
        <Field label="Name" error={error?.fieldErrors.name}>
          <input
            autoComplete="name"
            required
            maxLength={255}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Email" error={error?.fieldErrors.email}>
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password" hint="At least 8 characters." error={error?.fieldErrors.password}>
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
