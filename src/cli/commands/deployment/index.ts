import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerDeploymentList } from './list.ts'

export function registerDeploymentCommands(program: Command) {
  const deployment = program.command('deployment').description("List an environment's deployments")
  withExamples(deployment, 'gatehouse deployment list --project web --env staging')
  registerDeploymentList(deployment)
}
