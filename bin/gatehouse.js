#!/usr/bin/env node
// The gatehouse CLI runs from its TypeScript sources (no build step): register tsx, then load it.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

// Our own tsconfig, not whatever the current directory holds.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
await import('../src/cli/main.ts')
