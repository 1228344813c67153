import { CliError, usageError } from './errors.ts'
import { askConfirm } from './prompts.ts'

/**
 * Destructive commands ask first. Without a person to ask (stdin not a terminal) they refuse
 * rather than assume: a script states its intent with --yes.
 */
export async function confirmOrRefuse(yes: boolean | undefined, question: string): Promise<void> {
  if (yes) return
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw usageError(
      'Refusing to proceed without confirmation: stdin is not a terminal. Pass --yes to confirm.',
    )
  if (!(await askConfirm(question))) throw new CliError('Cancelled: nothing was changed.')
}
