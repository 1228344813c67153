import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerProjectCreate } from './create.ts'
import { registerProjectList } from './list.ts'

export function registerProjectCommands(program: Command) {
  const project = program.command('project').description("List and create an organization's projects")
  withExamples(
    project,
    'gatehouse project list',
    'gatehouse project create web --description "The storefront"',
  )
  registerProjectList(project)
  registerProjectCreate(project)
}
