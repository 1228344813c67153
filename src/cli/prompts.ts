import { confirm, input, password, select } from '@inquirer/prompts'
import { usageError } from './errors.ts'

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

export function askText(message: string, options: { required?: boolean; maxLength?: number } = {}) {
  const maxLength = options.maxLength ?? 255
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
export function askSecret(message: string) {
  return password({ message, validate: (value) => value.length > 0 || 'Required.' }, context)
}

export function askChoice<T>(message: string, choices: { name: string; value: T; description?: string }[]) {
  return select({ message, choices }, context)
}

export function askConfirm(message: string) {
  return confirm({ message, default: false }, context)
}
