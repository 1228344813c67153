// `npm start` calls this: builds what is missing or older than its sources (the web console with
// vite, the server bundle with esbuild), so `npm install && npm start` needs no extra step and a
// start after that compiles nothing.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBundle, isFresh } from './bundles.mjs'

const sourceDir = 'src/web'
const builtIndex = 'dist/web/index.html'

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const webIsStale =
  existsSync(join(sourceDir, 'index.html')) &&
  !(existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestMtime(sourceDir))
if (webIsStale || !isFresh('server'))
  console.log('Building Gatehouse (once, after an install or a change)...')
if (webIsStale) {
  execFileSync(
    'npx',
    ['vite', 'build', '--config', join(sourceDir, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      // A test runner sets NODE_ENV=test, which would bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  )
}
await ensureBundle('server')
// The embedded database's template (src/store/pglite/template.ts): made when missing, and again
// when the sources changed (a new migration); the script itself does nothing if it is current.
if (!existsSync('dist/pglite-template') || !isFresh('template')) {
  console.log('Preparing the embedded database template (once)...')
  execFileSync(process.execPath, [await ensureBundle('template')], { stdio: 'inherit' })
}
