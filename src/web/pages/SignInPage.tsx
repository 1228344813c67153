import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { Alert } from '../components/Alert.tsx'
import { AuthLayout } from '../components/AuthLayout.tsx'
import { Field } from '../components/Field.tsx'
import { formProblemOf } from '../lib/problems.ts'
import { Link, navigate, safeNextPath } from '../lib/router.tsx'
import { useSession } from '../lib/session.tsx'

export function SignInPage() {
  const { account, signedIn } = useSession()
  const next = safeNextPath(new URLSearchParams(window.location.search).get('next'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const problem = formProblemOf(error)

  useEffect(() => {
    if (account) navigate(next, { replace: true })
  }, [account, next])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      // The answer also holds the session token: the console relies on the HttpOnly cookie only.
      const { user } = await api.login({ body: { email, password } })
      signedIn(user)
    } catch (caught) {
      setError(caught)
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
        {problem.general ? <Alert>{problem.general}</Alert> : null}
        <Field label="Email" error={problem.fields.email}>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Password" error={problem.fields.password}>
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
