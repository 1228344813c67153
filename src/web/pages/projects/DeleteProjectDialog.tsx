import type { Environment, Project, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'

/**
 * Deleting a project deletes its environments with it, so the confirmation counts and names them.
 * `environments` is undefined when the list could not be loaded: we then say "all", not a number.
 */
export function DeleteProjectDialog({
  project,
  environments,
  onClose,
  onDeleted,
}: {
  project: Wire<Project>
  environments: Wire<Environment>[] | undefined
  onClose: () => void
  onDeleted: () => void
}) {
  return (
    <ConfirmDialog
      title="Delete project"
      confirmLabel="Delete project"
      onConfirm={() => api.deleteProject({ projectId: project.id })}
      onClose={onClose}
      onDone={onDeleted}
    >
      <p>
        Delete <strong>{project.name}</strong>
        {environments === undefined ? (
          ' and all of its environments'
        ) : environments.length === 0 ? (
          ''
        ) : (
          <>
            {' '}
            and its <strong>{countOf(environments.length)}</strong> (
            {environments.map((environment) => environment.name).join(', ')})
          </>
        )}
        ?{environments?.length === 0 ? ' It has no environments.' : ''} This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}

function countOf(count: number): string {
  return count === 1 ? '1 environment' : `${count} environments`
}
