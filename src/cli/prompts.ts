import { usageError } from './errors.ts'

/** Loaded on the first question, not at start: a CLI called from a script never asks one, and the
 *  prompt library is a third of a bare call's start-up. */
const inquirer = () => import('@inquirer/prompts')

/**
 * Prompts read the keyboard and draw on stderr, so `TOKEN=$(gatehouse token create --quiet)`
 * can still ask its questions while stdout carries only the answer.
 */
const context = { input: process.stdin, output: process.stderr }

/** A person is there to answer: stdin and stderr are both terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** The usage error for a detail that was not given and cannot be asked for. */
export function missing(flag: string, what: string) {
  return usageError(`Missing ${flag} (${what}); there is no terminal to ask on.`)
}

export async function askText(message: string, options: { required?: boolean; maxLength?: number } = {}) {
  const maxLength = options.maxLength ?? 255
  const { input } = await inquirer()
  return input(
    {
      message,
      required: options.required ?? false,
      validate: (value) => value.trim().length <= maxLength || `At most ${maxLength} characters.`,
    },
    context,
  ).then((value) => value.trim())
}

/** No echo at all: not even a mask, so the password's length does not show either. */
export async function askSecret(message: string) {
  const { password } = await inquirer()
  return password({ message, validate: (value) => value.length > 0 || 'Required.' }, context)
}

export async function askChoice<T>(
  message: string,
  choices: { name: string; value: T; description?: string }[],
) {
  const { select } = await inquirer()
  return select({ message, choices }, context)
}

export async function askConfirm(message: string) {
  const { confirm } = await inquirer()
  return confirm({ message, default: false }, context)
}
