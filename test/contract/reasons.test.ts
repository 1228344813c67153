import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { problemReasonNames, problemReasons } from '../../src/core/errors.ts'

/** Reasons are public API: each one is documented in the README's table, with its status. */
it('documents every problem reason in the README, with the status it answers', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const undocumented = problemReasonNames.filter(
    (reason) => !readme.includes(`| ${problemReasons[reason].status} | \`${reason}\` |`),
  )
  expect(undocumented).toEqual([])
})
