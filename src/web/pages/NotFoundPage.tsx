import { AuthLayout } from '../components/AuthLayout.tsx'
import { Link } from '../lib/router.tsx'

export function NotFoundPage() {
  return (
    <AuthLayout title="Page not found" subtitle="This address does not match any page of the console.">
      <Link className="button button-primary button-block" href="/">
        Go to your organizations
      </Link>
    </AuthLayout>
  )
}
