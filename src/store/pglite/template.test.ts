import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrationNames } from '../migrate.ts'
import { buildTemplate, seedFromTemplate, templateIsCurrent } from './template.ts'

/** File logic only: a stand-in data dir (PG_VERSION, base/, global/) instead of a real PGlite. */
let root: string
let template: string

async function makeTemplate(dir: string) {
  await buildTemplate(async (dataDir) => {
    mkdirSync(join(dataDir, 'base', '1'), { recursive: true })
    writeFileSync(join(dataDir, 'base', '1', 'table'), 'rows')
    writeFileSync(join(dataDir, 'PG_VERSION'), '17')
    writeFileSync(join(dataDir, 'gatehouse.lock'), '123')
  }, dir)
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'gatehouse-template-test-'))
  template = join(root, 'template')
  await makeTemplate(template)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('the embedded database template', () => {
  it('is built aside and marked with the PGlite version and the migrations it holds', () => {
    expect(templateIsCurrent(template)).toBe(true)
    expect(existsSync(join(template, 'gatehouse.lock'))).toBe(false)
    const marker = JSON.parse(readFileSync(join(template, '.gatehouse-template.json'), 'utf8'))
    expect(marker.migrations).toEqual(migrationNames)
    expect(readdirSync(root)).toEqual(['template'])
  })

  it('is not current when it lacks a migration or was made by another PGlite', () => {
    const markerPath = join(template, '.gatehouse-template.json')
    const marker = JSON.parse(readFileSync(markerPath, 'utf8'))
    writeFileSync(markerPath, JSON.stringify({ ...marker, migrations: marker.migrations.slice(0, -1) }))
    expect(templateIsCurrent(template)).toBe(false)
    writeFileSync(markerPath, JSON.stringify({ ...marker, pglite: '0.0.1' }))
    expect(templateIsCurrent(template)).toBe(false)
    expect(seedFromTemplate(join(root, 'any'), template)).toBe(false)
    expect(templateIsCurrent(join(root, 'missing'))).toBe(false)
  })

  it('fills a new data dir (its lock file aside), PG_VERSION included, without the marker', () => {
    const dataDir = join(root, 'data')
    mkdirSync(dataDir)
    writeFileSync(join(dataDir, 'gatehouse.lock'), String(process.pid))
    expect(seedFromTemplate(dataDir, template)).toBe(true)
    expect(readdirSync(dataDir).sort()).toEqual(['PG_VERSION', 'base', 'gatehouse.lock'])
    expect(readFileSync(join(dataDir, 'base', '1', 'table'), 'utf8')).toBe('rows')
    expect(readFileSync(join(dataDir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid))
  })

  it('leaves an initialised data dir, and a directory holding anything else, alone', () => {
    const initialised = join(root, 'initialised')
    mkdirSync(initialised)
    writeFileSync(join(initialised, 'PG_VERSION'), '17')
    expect(seedFromTemplate(initialised, template)).toBe(false)
    expect(readdirSync(initialised)).toEqual(['PG_VERSION'])
    const someonesFiles = join(root, 'home')
    mkdirSync(someonesFiles)
    writeFileSync(join(someonesFiles, 'notes.txt'), 'mine')
    expect(seedFromTemplate(someonesFiles, template)).toBe(false)
    expect(readdirSync(someonesFiles)).toEqual(['notes.txt'])
  })

  it('clears the remains of a fill that was killed midway, and fills again', () => {
    const dataDir = join(root, 'data')
    mkdirSync(join(dataDir, '.gatehouse-seed-staging', 'base'), { recursive: true })
    writeFileSync(join(dataDir, '.gatehouse-seeding'), '')
    mkdirSync(join(dataDir, 'base', 'half'), { recursive: true })
    expect(seedFromTemplate(dataDir, template)).toBe(true)
    expect(readdirSync(dataDir).sort()).toEqual(['PG_VERSION', 'base'])
    expect(readdirSync(join(dataDir, 'base'))).toEqual(['1'])
  })
})
