import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerEnvCreate } from './create.ts'
import { registerEnvList } from './list.ts'

export function registerEnvCommands(program: Command) {
  const env = program.command('env').description("List and create a project's environments")
  withExamples(
    env,
    'gatehouse env list --project web',
    'gatehouse env create staging --project web --mode STAGING',
  )
  registerEnvList(env)
  registerEnvCreate(env)
}
