import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

// No React plugin: Vite 8 compiles TSX with oxc; the automatic runtime imports react/jsx-runtime.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    // The CSP allows scripts from 'self' only: everything ships as files, nothing inline.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
})
