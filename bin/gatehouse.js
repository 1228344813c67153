#!/usr/bin/env node
// The gatehouse CLI runs compiled JavaScript: one bundle in dist/cli, built from src/ on the first
// call (and after a change to the sources) in a fraction of a second, loaded directly after that.
import { ensureBundle } from '../scripts/bundles.mjs'

const bundle = await ensureBundle('cli')
await import(bundle)
