import type { GatehouseClient } from '../../../client/index.ts'
import type { OrganizationApiToken, Wire } from '../../../contract/index.ts'
import type { OutputOptions } from '../../output.ts'
import { withSpinner } from '../../output.ts'
import { findByIdOrName } from '../../resolve.ts'

/** A token of the organization by id or name (reads every page), or a usage error. */
export async function findToken(
  client: GatehouseClient,
  organizationId: string,
  wanted: string,
  options: OutputOptions,
): Promise<Wire<OrganizationApiToken>> {
  const { results } = await withSpinner('Loading tokens', options, () =>
    client.listAll('listOrganizationApiTokens', { organizationId }, { pageSize: 1000 }),
  )
  return findByIdOrName(results, wanted, 'API token', 'see `gatehouse token list`')
}
