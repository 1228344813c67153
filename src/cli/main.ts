import { setFlagsFromString } from 'node:v8'
import { CommanderError } from 'commander'
import { CliError, EXIT_FAILURE, EXIT_USAGE, oneLine } from './errors.ts'
import { stderr } from './output.ts'
import { createProgram, namesWhatToDeploy } from './program.ts'

/** Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
export async function run(argv: string[]): Promise<number> {
  try {
    const program = createProgram()
    // `deploy --version <sha>` names what to deploy: the program's own --version must not take it.
    if (namesWhatToDeploy(argv)) program.enablePositionalOptions()
    await program.parseAsync(argv)
    return 0
  } catch (error) {
    return reportFailure(error)
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help that was asked for).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0
    return EXIT_USAGE
  }
  if (error instanceof CliError) {
    stderr.line(stderr.style('red', `error: ${oneLine(error.message)}`))
    return error.exitCode
  }
  if (error instanceof Error && error.name === 'ExitPromptError') {
    stderr.line('Cancelled.')
    return 130
  }
  // A bug of ours: still one line, with the stack only when asked for.
  if (process.env.GATEHOUSE_DEBUG && error instanceof Error) stderr.line(error.stack)
  stderr.line(
    stderr.style('red', `error: ${oneLine(error instanceof Error ? error.message : String(error))}`),
  )
  return EXIT_FAILURE
}

// fetch reads HTTP with undici's parser, a WebAssembly module that V8 compiles twice: at once
// (Liftoff), then optimised in the background; and a process does not exit before that second
// compilation is done, 140-150 ms after the CLI's last answer here. A CLI call is over long before
// the optimised code could pay off: Liftoff's is kept.
setFlagsFromString('--liftoff-only')
process.exitCode = await run(process.argv)
