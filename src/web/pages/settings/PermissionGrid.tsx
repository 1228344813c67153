import type { Project, ProjectPermissionLevel, Wire } from '../../../contract/index.ts'
import { environmentModes, projectPermissionLevels } from '../../../contract/values.ts'
import { modeLabel } from '../projects/modes.ts'
import { emptyRow, type Grid, type GridRow, levelLabels } from './grants.ts'

/**
 * One row per project, one column per environment mode, a level per cell, and an admin flag per
 * project. Admin is MANAGER on every mode, so its row's cells show Manager and cannot be changed
 * (the choices under them come back when admin is turned off).
 */
export function PermissionGrid({
  projects,
  grid,
  onChange,
  readOnly,
  rowErrors,
}: {
  projects: Wire<Project>[]
  grid: Grid
  onChange: (projectId: string, row: GridRow) => void
  readOnly: boolean
  rowErrors: Partial<Record<string, string>>
}) {
  return (
    // Scrolls sideways on a phone: a named region that takes focus, so keyboards scroll it too.
    <section
      className="table-card table-scroll"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus
      tabIndex={0}
      aria-label="Permissions per project and environment mode"
    >
      <table className="table permission-grid">
        <caption className="visually-hidden">Permission on each environment mode of each project</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            {environmentModes.map((mode) => (
              <th scope="col" key={mode}>
                {modeLabel(mode)}
              </th>
            ))}
            <th scope="col">Admin</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => {
            const row = grid[project.id] ?? emptyRow()
            const noteId = `grid-note-${project.id}`
            const error = rowErrors[project.id]
            return (
              <tr key={project.id} data-project-id={project.id}>
                <th scope="row">
                  <span className="strong">{project.name}</span>
                  {row.isAdmin ? (
                    <span id={noteId} className="grid-note">
                      Admin: manager of every environment, and may edit or delete the project
                    </span>
                  ) : null}
                  {error ? <span className="field-error grid-note">{error}</span> : null}
                </th>
                {environmentModes.map((mode) => (
                  <td key={mode} className="grid-cell">
                    <select
                      className="select-compact"
                      aria-label={`${project.name}, ${mode}`}
                      aria-describedby={row.isAdmin ? noteId : undefined}
                      value={row.isAdmin ? 'MANAGER' : row.modes[mode]}
                      disabled={readOnly || row.isAdmin}
                      onChange={(event) =>
                        onChange(project.id, {
                          ...row,
                          modes: { ...row.modes, [mode]: event.target.value as ProjectPermissionLevel },
                        })
                      }
                    >
                      {projectPermissionLevels.map((level) => (
                        <option key={level} value={level}>
                          {levelLabels[level]}
                        </option>
                      ))}
                    </select>
                  </td>
                ))}
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${project.name}, admin`}
                    checked={row.isAdmin}
                    disabled={readOnly}
                    onChange={(event) => onChange(project.id, { ...row, isAdmin: event.target.checked })}
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
