import { describe, expect, it } from 'vitest'
import {
  claimText,
  conditionProblems,
  describeConditions,
  globMatches,
  unmetConditions,
} from './oidc-conditions.ts'

describe('globMatches', () => {
  it.each([
    ['acme/web', 'acme/web', true],
    ['acme/web', 'acme/web2', false],
    ['acme/web', 'xacme/web', false],
    ['acme/*', 'acme/web', true],
    ['acme/*', 'acme/', true],
    ['acme/*', 'acme-evil/web', false],
    ['refs/heads/release/*', 'refs/heads/release/1.0/hotfix', true],
    ['refs/heads/release/*', 'refs/heads/releases/1.0', false],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/web:ref:refs/heads/main', true],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/web:ref:refs/heads/main-old', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['*', '', true],
    ['a.b', 'aXb', false],
    ['(x)+', '(x)+', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected)
  })
})

describe('conditions', () => {
  it('must name the repository, project or subject, with the owner spelled out before any star', () => {
    expect(conditionProblems({ repository: 'acme/web' })).toEqual([])
    expect(conditionProblems({ sub: 'repo:acme/*' })).toEqual([])
    expect(conditionProblems({ project_path: 'group/sub/*', ref: '*' })).toEqual([])
    expect(conditionProblems({ ref: 'main' }).map((p) => p.field)).toEqual(['body.conditions'])
    for (const pattern of ['*', '*/web', 'ac*me/web', 'repo:*', '/x*'])
      expect(
        conditionProblems({ repository: pattern }).map((p) => p.field),
        pattern,
      ).toEqual(['body.conditions.repository'])
  })

  it('are all met, claims compared as text (numbers and booleans too), anything else unmet', () => {
    const claims = { repository: 'acme/web', run_attempt: 2, ref_protected: true, groups: ['a'] }
    expect(
      unmetConditions({ repository: 'acme/*', run_attempt: '2', ref_protected: 'true' }, claims),
    ).toEqual([])
    expect(unmetConditions({ repository: 'acme/api', groups: 'a', missing: '*' }, claims)).toEqual([
      'repository',
      'groups',
      'missing',
    ])
    expect(claimText(null)).toBeUndefined()
  })

  it('are said in words', () => {
    expect(describeConditions({ repository: 'acme/web', ref: 'refs/heads/main' })).toBe(
      'jobs of acme/web on refs/heads/main',
    )
    expect(describeConditions({ project_path: 'acme/api', ref: 'main', ref_protected: 'true' })).toBe(
      'jobs of acme/api on main (protected)',
    )
    expect(describeConditions({ project_path: 'acme/*', ref_protected: 'true' })).toBe(
      'jobs of acme/* on protected refs',
    )
    expect(describeConditions({ project_path: 'acme/api', ref_protected: 'false' })).toBe(
      'jobs of acme/api with ref_protected false',
    )
    expect(describeConditions({ sub: 'repo:acme/web:environment:prod' })).toBe(
      'jobs whose subject is repo:acme/web:environment:prod',
    )
    expect(describeConditions({ repository: 'acme/web', environment: 'prod' })).toBe(
      'jobs of acme/web in the environment prod',
    )
  })
})
