import type { Environment, Project, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'

export function DeleteEnvironmentDialog({
  environment,
  project,
  onClose,
  onDeleted,
}: {
  environment: Wire<Environment>
  project: Wire<Project>
  onClose: () => void
  onDeleted: () => void
}) {
  return (
    <ConfirmDialog
      title="Delete environment"
      confirmLabel="Delete environment"
      onConfirm={() => api.deleteEnvironment({ environmentId: environment.id })}
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
