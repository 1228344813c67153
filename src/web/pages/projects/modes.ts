import type { EnvironmentMode } from '../../../contract/index.ts'

/** "PRODUCTION" reads as "Production" in menus. */
export function modeLabel(mode: EnvironmentMode): string {
  return mode.charAt(0) + mode.slice(1).toLowerCase()
}
