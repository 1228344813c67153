import { Icon } from './Icon.tsx'

/** What a role cannot do is explained, not hidden without a word. */
export function NotAllowed({ role, what }: { role: string | undefined; what: string }) {
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="lock" size={22} />
      </span>
      <h2>You can't {what}</h2>
      <p>
        {role ? (
          <>
            Your role in this organization is <strong>{role}</strong>, which does not allow it.
          </>
        ) : (
          'Your role in this organization does not allow it.'
        )}{' '}
        Ask an owner or admin if you need access.
      </p>
    </div>
  )
}
