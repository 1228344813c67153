export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="logo">
      <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--accent)" />
        <path d="M9 25V13l7-5 7 5v12h-4.5v-7h-5v7z" fill="#fff" />
      </svg>
      {compact ? null : <span className="logo-text">Gatehouse</span>}
    </span>
  )
}
