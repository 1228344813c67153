import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerTrustCreate } from './create.ts'
import { registerTrustDelete } from './delete.ts'
import { registerTrustList } from './list.ts'

export function registerTrustCommands(program: Command) {
  const trust = program
    .command('trust')
    .description('Trusted CI: let CI jobs exchange their OIDC ID token for a short-lived API token')
  withExamples(
    trust,
    'gatehouse trust create --name deploy-main --issuer github --repository acme/web --ref refs/heads/main --role devops',
    'gatehouse trust create --name gitlab-main --issuer gitlab --project-path acme/web --ref main --role devops',
    'gatehouse trust list --org acme',
    'gatehouse trust delete deploy-main --yes',
  )
  registerTrustCreate(trust)
  registerTrustList(trust)
  registerTrustDelete(trust)
}
