import { api } from '../../api/client.ts'
import { useOrganization } from '../../lib/organization.tsx'
import { ProjectFormDialog } from './ProjectFormDialog.tsx'

export function CreateProjectDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { organization } = useOrganization()
  return (
    <ProjectFormDialog
      title="New project"
      initial={{ name: '', description: '' }}
      submitLabel="Create project"
      busyLabel="Creating…"
      requireChange={false}
      save={async (fields) => {
        await api.createProject({ organizationId: organization.id, body: fields })
        onCreated()
      }}
      onClose={onClose}
    />
  )
}
