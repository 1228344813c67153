import { type Command, Option } from 'commander'

/** --expires-in / --expires-at (and, for an edit, --no-expiry). */
export function withExpiryFlags(command: Command, options: { canClear: boolean }): Command {
  command
    .option('--expires-in <duration>', 'expire after this long: 30d, 12h, 90m, 2w')
    .option('--expires-at <date>', 'expire at this date and time: 2030-01-31, 2030-01-31T18:00:00Z')
  if (options.canClear)
    command.addOption(new Option('--no-expiry', 'never expire (unless the organization sets a limit)'))
  return command
}

/** --allow-cidr, repeatable; an edit can also lift the list with --allow-anywhere. */
export function withAddressFlags(command: Command, options: { canClear: boolean }): Command {
  command.option(
    '--allow-cidr <range>',
    'only from this address or CIDR range (repeat for several; IPv4 or IPv6, at most 32)',
    (value: string, previous: string[] = []) => [...previous, value],
  )
  if (options.canClear)
    command.addOption(new Option('--allow-anywhere', 'lift the address list').conflicts('allowCidr'))
  return command
}
