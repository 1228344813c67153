import type { Project, Wire } from '../../../contract/index.ts'
import { api } from '../../api/client.ts'
import { ProjectFormDialog } from './ProjectFormDialog.tsx'

export function EditProjectDialog({
  project,
  onClose,
  onSaved,
}: {
  project: Wire<Project>
  onClose: () => void
  onSaved: (project: Wire<Project>) => void
}) {
  return (
    <ProjectFormDialog
      title="Edit project"
      initial={{ name: project.name, description: project.description }}
      submitLabel="Save changes"
      busyLabel="Saving…"
      requireChange
      // The description is always sent: an absent one would keep the old text, so clearing the
      // field would silently do nothing.
      save={async (fields) => onSaved(await api.editProject({ projectId: project.id, body: fields }))}
      onClose={onClose}
    />
  )
}
