// Gatehouse runs as compiled JavaScript: `npm start` and the `gatehouse` CLI load one bundle each
// from dist/, built from src/ by esbuild the first time and again whenever a source is newer.
// No tsx at run time: transpiling ~150 modules on every start cost the server seconds and the
// CLI half a second per call. Plain JavaScript so that it runs before anything is compiled.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** What each bundle is built from, and where it goes. "gatehouse" in the names lets the embedded
 * database's lock recognise a holder from its command line (src/store/pglite/data-dir-lock.ts). */
export const BUNDLES = {
  server: { entry: 'src/main.ts', out: 'dist/server/gatehouse-server.mjs', withPackages: true },
  // The CLI loads its packages from node_modules: it imports few of them, some only when used
  // (ora), and a bundle holding them measured no faster (`--version` 0.17-0.21 s against 0.16-0.19).
  cli: { entry: 'src/cli/main.ts', out: 'dist/cli/gatehouse-cli.mjs', withPackages: false },
  template: {
    entry: 'src/store/pglite/build-template-main.ts',
    out: 'dist/server/gatehouse-template.mjs',
    withPackages: false,
  },
}

/** The newest modification time of the files a bundle could include (the console is apart). */
function newestSourceMtime() {
  let newest = Math.max(mtime(join(ROOT, 'package.json')), mtime(join(ROOT, 'package-lock.json')))
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'web') walk(join(dir, entry.name))
      } else if (!entry.name.endsWith('.test.ts')) {
        newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs)
      }
    }
  }
  walk(join(ROOT, 'src'))
  return newest
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0
}

/** True when `name`'s bundle exists and no source is newer. */
export function isFresh(name) {
  const out = join(ROOT, BUNDLES[name].out)
  return existsSync(out) && statSync(out).mtimeMs >= newestSourceMtime()
}

/**
 * Packages left outside the server's bundle, loaded from node_modules as usual: each reads files of its own
 * from beside its code (PGlite its WebAssembly and data, argon2 its native addon, swagger-ui and
 * static the files they serve), which a bundle would move away from. (@fastify/swagger reads its
 * package.json only in its dynamic mode; Gatehouse gives it a static document.)
 * Every other package goes into the bundle: Node resolving, reading and compiling some 1,200 files
 * one by one cost the server about 0.4 s of every start (measured: 2.1-2.2 s to healthy on an
 * existing data dir with packages outside, 1.65-1.95 s with them inside).
 */
const EXTERNAL_PACKAGES = [
  '@electric-sql/pglite',
  '@node-rs/argon2',
  '@fastify/swagger-ui',
  '@fastify/static',
  // An optional native driver that pg tries to load only when asked; it is not installed.
  'pg-native',
]

/** Bundled CommonJS packages call require() for Node's own modules; an ES module has none. */
const REQUIRE_FOR_BUNDLED_PACKAGES =
  "import { createRequire as __gatehouseCreateRequire } from 'node:module';\n" +
  'const require = __gatehouseCreateRequire(import.meta.url);'

/**
 * Builds the bundle when it is missing or stale, and returns its path. The output is written
 * beside and renamed into place, so that two processes building at once (parallel CI steps, test
 * workers) never load a half-written file.
 */
export async function ensureBundle(name) {
  const { entry, out, withPackages } = BUNDLES[name]
  const target = join(ROOT, out)
  if (isFresh(name)) return target
  const esbuild = await import('esbuild')
  mkdirSync(dirname(target), { recursive: true })
  const temporary = `${target}.${process.pid}.tmp`
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    ...(withPackages
      ? { external: EXTERNAL_PACKAGES, banner: { js: REQUIRE_FOR_BUNDLED_PACKAGES } }
      : { packages: 'external' }),
    logLevel: 'warning',
    // Not minified: stack traces keep our function names and readable lines.
    minify: false,
  })
  asciiOnly(temporary)
  renameSync(temporary, target)
  return target
}

/**
 * esbuild writes code as ASCII (its default charset escapes every other character in strings,
 * templates and regular expressions) but copies the comments it keeps as they are: a few
 * packages' doc comments (a no-break space, a section sign, a dash). One such character anywhere
 * makes V8 hold the whole source, which it keeps for lazy compilation, as two bytes a character:
 * the server's 3.9 MB bundle took 8 MiB of heap instead of 4. Only comments can hold them here,
 * so writing each as the text \u{...} changes no code.
 */
function asciiOnly(path) {
  const text = readFileSync(path, 'utf8')
  const ascii = text.replace(
    /[\u0080-\u{10ffff}]/gu,
    (character) => `\\u{${character.codePointAt(0).toString(16)}}`,
  )
  if (ascii !== text) writeFileSync(path, ascii)
}
