import { CliError, usageError } from '../../errors.ts'

export interface Member {
  id: string
  created_at: string
  name: string
  email: string
  role_id: string
  role_name: string
  last_activity_at: string | null
}

export interface Invitation {
  id: string
  created_at: string
  email: string
  role_id: string
  role_name: string
  invitation_link: string
  invitation_status: string
}

/** A member by user id, email or name (emails and names compare without case). */
export function findMember(members: Member[], wanted: string): Member {
  const key = wanted.trim().toLowerCase()
  const byIdOrEmail = members.find((m) => m.id.toLowerCase() === key || m.email.toLowerCase() === key)
  if (byIdOrEmail) return byIdOrEmail
  const byName = members.filter((m) => m.name.toLowerCase() === key)
  if (byName.length === 1) return byName[0] as Member
  if (byName.length > 1) throw usageError(`Several members are named "${wanted}": use their email.`)
  throw new CliError(`No member "${wanted}" in this organization (see \`gatehouse member list\`).`)
}
