import { api } from '../../api/client.ts'
import type { Environment, Project } from '../../api/types.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'

export function DeleteEnvironmentDialog({
  environment,
  project,
  onClose,
  onDeleted,
}: {
  environment: Environment
  project: Project
  onClose: () => void
  onDeleted: () => void
}) {
  return (
    <ConfirmDialog
      title="Delete environment"
      confirmLabel="Delete environment"
      onConfirm={() => api.deleteEnvironment(environment.id)}
      onClose={onClose}
      onDone={onDeleted}
    >
      <p>
        Delete the {environment.mode.toLowerCase()} environment <strong>{environment.name}</strong> from{' '}
        <strong>{project.name}</strong>? This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}
