import { api } from '../../api/client.ts'
import type { Project } from '../../api/types.ts'
import { ProjectFormDialog } from './ProjectFormDialog.tsx'

export function EditProjectDialog({
  project,
  onClose,
  onSaved,
}: {
  project: Project
  onClose: () => void
  onSaved: (project: Project) => void
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
      save={async (fields) => onSaved(await api.updateProject(project.id, fields))}
      onClose={onClose}
    />
  )
}
