import { type Command, InvalidArgumentError, Option } from 'commander'
import type { GatehouseClient, Input, ItemOf, PagedOperationId } from '../client/index.ts'
import { stderr } from './output.ts'

/**
 * `list` commands print every item, like `gh … list`, following the server's pages; but not
 * without end: past this many they stop and say so, and `--limit` moves the bound.
 */
export const LIST_BOUND = 10_000

/** The most one answer holds: the fewest round trips for a long list. */
const PAGE_SIZE = 1000

export function withLimit(command: Command, what: string): Command {
  return command.addOption(
    new Option('--limit <n>', `list at most this many ${what}`).default(LIST_BOUND).argParser((value) => {
      if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new InvalidArgumentError('Give a whole number from 1.')
      return Number(value)
    }),
  )
}

/** Up to `limit` items of a list, from its first page on; `more` when the list goes on beyond them. */
export async function listUpTo<Id extends PagedOperationId>(
  client: GatehouseClient,
  operationId: Id,
  input: Input<Id>,
  limit: number,
): Promise<{ results: ItemOf<Id>[]; more: boolean }> {
  const { results, next_cursor } = await client.listAll(operationId, input, {
    pageSize: Math.min(PAGE_SIZE, limit),
    max: limit,
  })
  return { results, more: next_cursor !== null }
}

/** On stderr, so that --json and --quiet output stays whole: the list was cut at the bound. */
export function sayWhenCutShort(more: boolean, limit: number, what: string): void {
  if (more) stderr.line(`Listed the first ${limit} ${what}; there are more (raise --limit to see them).`)
}
