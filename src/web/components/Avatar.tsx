/** Initials on a colour derived from the name: recognisable without loading images. */
export function Avatar({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('')
  let hash = 0
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360
  return (
    <span className="avatar" style={{ '--avatar-hue': hash } as React.CSSProperties} aria-hidden="true">
      {initials || '?'}
    </span>
  )
}
