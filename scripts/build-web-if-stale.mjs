// `npm start` calls this: builds the console when dist/web is missing or older than its sources,
// so `npm install && npm start` needs no extra step.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

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

if (!existsSync(join(sourceDir, 'index.html'))) process.exit(0)
if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestMtime(sourceDir)) process.exit(0)
console.log('Building the web console (once)...')
execFileSync('npx', ['vite', 'build', '--config', join(sourceDir, 'vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
  // A test runner sets NODE_ENV=test, which would bundle React's development build.
  env: { ...process.env, NODE_ENV: 'production' },
})
