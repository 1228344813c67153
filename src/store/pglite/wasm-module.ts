import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let compiling: Promise<WebAssembly.Module | undefined> | undefined

/**
 * PGlite's WebAssembly (9 MB), compiled once per process. `npm start` asks for it before loading
 * the rest of the server's code, so that V8 compiles it on its other threads meanwhile instead of
 * when the database opens (measured: 60-90 ms of a start on this machine). Undefined when the file
 * cannot be read or compiled: PGlite then loads it itself, as it would without this.
 */
export function pgliteWasmModule(): Promise<WebAssembly.Module | undefined> {
  compiling ??= compileWasm(() => {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite')
    return join(dirname(entry), 'pglite.wasm')
  })
  return compiling
}

/** The WebAssembly at the path `locate` gives, compiled; undefined if it cannot be found, read or
 *  compiled. */
export function compileWasm(locate: () => string): Promise<WebAssembly.Module | undefined> {
  try {
    // Read at once: an asynchronous read would wait for the server's code to finish loading.
    const bytes = readFileSync(locate())
    return WebAssembly.compile(bytes).catch(() => undefined)
  } catch {
    return Promise.resolve(undefined)
  }
}
