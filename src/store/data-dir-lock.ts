// Moved to pglite/data-dir-lock.ts; kept for src/main.ts until it imports from store/database.ts.
export { DataDirInUseError } from './pglite/data-dir-lock.ts'
