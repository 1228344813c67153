import type { App } from '../../types.ts'
import { registerCreateOidcTrust } from './create.ts'
import { registerDeleteOidcTrust } from './delete.ts'
import { registerGetOidcTrust } from './get.ts'
import { registerListOidcTrusts } from './list.ts'
import { registerUpdateOidcTrust } from './update.ts'

export async function registerOidcTrustsRoutes(app: App): Promise<void> {
  registerListOidcTrusts(app)
  registerCreateOidcTrust(app)
  registerGetOidcTrust(app)
  registerUpdateOidcTrust(app)
  registerDeleteOidcTrust(app)
}
