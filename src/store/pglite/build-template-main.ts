import { openStore } from '../database.ts'
import { buildTemplate, templateIsCurrent } from './template.ts'

/** `node dist/server/gatehouse-template.mjs`: (re)makes the embedded database's template if needed. */
if (!templateIsCurrent()) {
  await buildTemplate(async (dataDir) => {
    const store = await openStore({ dataDir })
    await store.close()
  })
}
