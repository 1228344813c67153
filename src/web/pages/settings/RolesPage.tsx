import { actions } from '../../../contract/values.ts'
import { Icon } from '../../components/Icon.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useOrganization } from '../../lib/organization.tsx'
import { actionLabels, capitalize } from '../../lib/roles.ts'

/** The permission matrix, as the server reports it for this organization's roles, in its order. */
export function RolesPage() {
  const { roles, myRole } = useOrganization()
  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do. Members and API tokens each have one role."
      />
      <div className="role-cards">
        {roles.map((role) => (
          <div key={role.id} className={`role-card${role.id === myRole?.id ? ' role-card-mine' : ''}`}>
            <h2>
              {capitalize(role.name)}
              {role.kind === 'custom' ? <span className="badge badge-you">custom</span> : null}
              {role.id === myRole?.id ? <span className="badge badge-you">your role</span> : null}
            </h2>
            {role.description ? <p className="muted small">{role.description}</p> : null}
          </div>
        ))}
      </div>
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
    </>
  )
}
