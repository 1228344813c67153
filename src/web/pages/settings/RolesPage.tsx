import { useState } from 'react'
import type { OrganizationAvailableRole } from '../../../contract/index.ts'
import { actions } from '../../../contract/values.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Icon } from '../../components/Icon.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { actionLabels, capitalize } from '../../lib/roles.ts'
import { Link, organizationPage } from '../../lib/router.tsx'
import { useResource } from '../../lib/useResource.ts'
import { summaryOf } from './grants.ts'

/**
 * The organization's roles, built-in and custom, and the permission matrix as the server reports
 * it, in its order. Owners and admins make, edit and delete custom roles; devops see what they grant.
 */
export function RolesPage() {
  const { organization, roles, myRole, can, reloadRoles } = useOrganization()
  const mayManage = can('members:manage')
  const mayRead = mayManage || can('roles:read')
  // What each custom role grants, for its card: only those who may read it ask.
  const custom = useResource(
    () =>
      mayRead
        ? api.listOrganizationCustomRoles({ organizationId: organization.id })
        : Promise.resolve(undefined),
    `custom-roles:${organization.id}:${roles.map((role) => role.id).join()}`,
  )
  const [deleting, setDeleting] = useState<OrganizationAvailableRole>()
  const [announcement, setAnnouncement] = useState('')
  const rolePage = (id: string) => organizationPage(organization.id, `roles/${id}`)
  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do. Members and API tokens each have one role."
        actions={
          mayManage ? (
            <Link href={organizationPage(organization.id, 'roles/new')} className="button button-primary">
              <Icon name="plus" />
              New role
            </Link>
          ) : null
        }
      />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ul className="role-cards" aria-label="Roles">
        {roles.map((role) => {
          const isCustom = role.kind === 'custom'
          const grants = custom.data?.results.find((candidate) => candidate.id === role.id)
          return (
            <li
              key={role.id}
              className={`role-card${role.id === myRole?.id ? ' role-card-mine' : ''}`}
              data-role-id={role.id}
            >
              <h2>
                {isCustom ? role.name : capitalize(role.name)}
                {isCustom ? <span className="badge badge-you">custom</span> : null}
                {role.id === myRole?.id ? <span className="badge badge-you">your role</span> : null}
              </h2>
              {role.description ? <p className="muted small">{role.description}</p> : null}
              {grants ? <p className="small">{summaryOf(grants)}</p> : null}
              {isCustom && mayRead ? (
                <div className="role-card-actions">
                  <Link
                    href={rolePage(role.id)}
                    className="button button-small"
                    aria-label={`${mayManage ? 'Edit' : 'View'} role ${role.name}`}
                  >
                    {mayManage ? 'Edit' : 'View'}
                  </Link>
                  {mayManage ? (
                    <button
                      type="button"
                      className="icon-button icon-button-danger"
                      aria-label={`Delete role ${role.name}`}
                      title="Delete role"
                      onClick={() => setDeleting(role)}
                    >
                      <Icon name="trash" />
                    </button>
                  ) : null}
                </div>
              ) : null}
            </li>
          )
        })}
      </ul>
      {/* Scrolls sideways on a phone: a named region that takes focus, so keyboards scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus */}
      <section className="table-card table-scroll" tabIndex={0} aria-label="Permissions of each role">
        <table className="table matrix">
          <caption className="visually-hidden">Permissions of each role</caption>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              {roles.map((role) => (
                <th scope="col" key={role.id} className="matrix-role">
                  {capitalize(role.name)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {actions.map((action) => (
              <tr key={action}>
                <th scope="row">{actionLabels[action]}</th>
                {roles.map((role) => {
                  const allowed = role.permissions.includes(action)
                  return (
                    <td key={role.id} className={`matrix-cell${allowed ? ' allowed' : ''}`}>
                      {allowed ? <Icon name="check" /> : <span aria-hidden="true">–</span>}
                      <span className="visually-hidden">{allowed ? 'Allowed' : 'Not allowed'}</span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {deleting ? (
        <ConfirmDialog
          title="Delete role"
          confirmLabel="Delete role"
          onConfirm={() =>
            api.deleteOrganizationCustomRole({ organizationId: organization.id, customRoleId: deleting.id })
          }
          onClose={() => setDeleting(undefined)}
          onDone={() => {
            setAnnouncement(`Role ${deleting.name} deleted.`)
            reloadRoles()
          }}
        >
          <p>
            Delete the custom role <strong>{deleting.name}</strong>? A role still held by members, API tokens,
            invitations or trusted CI cannot be deleted: give them another role first.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
