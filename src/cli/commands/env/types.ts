export const environmentModes = ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'] as const
export type EnvironmentMode = (typeof environmentModes)[number]

export interface Environment {
  id: string
  created_at: string
  updated_at: string
  name: string
  mode: EnvironmentMode
  project: { id: string }
}
