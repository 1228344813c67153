// A CI step that lists the projects of its organization with an API token, through the typed
// client. Run it with: GATEHOUSE_TOKEN=gtok_… npx tsx examples/list-projects.ts
import { GatehouseApiError, GatehouseClient } from 'gatehouse/client'

const gatehouse = new GatehouseClient({
  baseUrl: process.env.GATEHOUSE_API_URL ?? 'http://127.0.0.1:8080/api',
  token: process.env.GATEHOUSE_TOKEN,
})

try {
  const me = await gatehouse.whoami()
  const organizationId = me.api_token?.organization_id
  if (!organizationId) throw new Error('GATEHOUSE_TOKEN must be an organization API token (gtok_…)')
  // Lists answer a page at a time; pages() follows next_cursor to the last one.
  for await (const page of gatehouse.pages('listProject', { organizationId }, { pageSize: 1000 }))
    for (const project of page.results) console.log(`${project.id}\t${project.name}`)
} catch (error) {
  // Branch on the stable reason, not on the words or the status alone.
  if (error instanceof GatehouseApiError && error.reason === 'unauthenticated') {
    console.error('The token was refused: it may have been deleted.')
    process.exit(1)
  }
  throw error
}
