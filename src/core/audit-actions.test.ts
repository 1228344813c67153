import { describe, expect, it } from 'vitest'
import { auditActionNames, auditActions, auditResources } from './audit-actions.ts'

describe('the catalogue of audit actions', () => {
  it('names every action <resource>.<verb>, for a resource the trail can be filtered by', () => {
    expect(auditActionNames.length).toBeGreaterThanOrEqual(17)
    for (const action of auditActionNames) {
      const [resource, verb] = action.split('.')
      expect(auditResources, action).toContain(resource)
      expect(verb, action).toMatch(/^[a-z_]+$/)
    }
  })

  it('offers as a filter exactly the resources some action is about', () => {
    const resourcesOfActions = new Set(auditActionNames.map((action) => action.split('.')[0]))
    expect([...auditResources].sort()).toEqual([...resourcesOfActions].sort())
  })

  it('words every action for the activity log, each its own words, starting with a verb', () => {
    for (const action of auditActionNames) {
      expect(auditActions[action], action).toMatch(/^[a-z]+( [A-Za-z]+)*$/)
    }
    expect(new Set(Object.values(auditActions)).size).toBe(auditActionNames.length)
  })
})
