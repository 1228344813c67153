import { type FormEvent, useEffect, useState } from 'react'
import { type ApiError, api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Field } from '../components/Field.tsx'
import { Link, navigate, safeNextPath } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'

export function SignInPage() {
  const { account, signedIn } = useSession()
  const next = safeNextPath(new URLSearchParams(window.location.search).get('next'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()

  useEffect(() => {
    if (account) navigate(next, { replace: true })
  }, [account, next])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      signedIn(await api.signIn({ email, password }))
    } catch (caught) {
      setError(caught as ApiError)
      setBusy(false)
    }
  }

  const signUpHref = next === '/' ? '/signup' : `/signup?next=${encodeURIComponent(next)}`
  return (
    <AuthLayout
      title="Sign in to Gatehouse"
      footer={
        <>
          New here? <Link href={signUpHref}>Create an account</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {error ? <Alert>{error.message}</Alert> : null}
        <Field label="Email" error={error?.fieldErrors.email}>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Password" error={error?.fieldErrors.password}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  )
}
