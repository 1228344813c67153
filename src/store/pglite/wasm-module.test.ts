import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileWasm, pgliteWasmModule } from './wasm-module.ts'

describe("PGlite's WebAssembly compiled ahead", () => {
  it("compiles PGlite's own module, once per process", async () => {
    const compiled = await pgliteWasmModule()
    expect(compiled).toBeInstanceOf(WebAssembly.Module)
    expect(WebAssembly.Module.exports(compiled as WebAssembly.Module).some((e) => e.name === 'memset')).toBe(
      true,
    )
    expect(await pgliteWasmModule()).toBe(compiled)
  })

  // Each case leaves PGlite to load its module itself: undefined, never an error.
  it('gives undefined for a package it cannot find, a missing file, and bytes that are not WebAssembly', async () => {
    expect(
      await compileWasm(() => {
        throw new Error("Cannot find module '@electric-sql/pglite'")
      }),
    ).toBeUndefined()
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wasm-'))
    try {
      expect(await compileWasm(() => join(dir, 'missing.wasm'))).toBeUndefined()
      writeFileSync(join(dir, 'broken.wasm'), 'not a WebAssembly module')
      expect(await compileWasm(() => join(dir, 'broken.wasm'))).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
