/** The kinds of environment a project has, as Qovery names them. */
export const environmentModes = ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'] as const
export type EnvironmentMode = (typeof environmentModes)[number]
