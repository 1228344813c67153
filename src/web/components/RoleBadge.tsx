export function RoleBadge({ name }: { name: string }) {
  return <span className={`badge badge-${name}`}>{name}</span>
}
