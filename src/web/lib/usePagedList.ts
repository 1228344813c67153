import { useCallback, useEffect, useRef, useState } from 'react'
import type { RequestError } from '../api/client.ts'

/** What the console asks of a list per request, and the most one answer may hold (the API's bound). */
export const PAGE_SIZE = 100
const PAGE_MAX = 1000

export interface PageOf<T> {
  results: T[]
  next_cursor: string | null
}

export interface PagedList<T> {
  /** Every item loaded so far, first page first; undefined until the first page arrives. */
  items: T[] | undefined
  /** The first page failed. */
  error: RequestError | undefined
  loading: boolean
  /** The list goes on beyond what is loaded. */
  hasMore: boolean
  loadingMore: boolean
  /** The last "load more" failed (what was loaded stays). */
  moreError: RequestError | undefined
  loadMore: () => void
  /** Loads the list again from its start, as many items as were shown (so a page does not shrink). */
  reload: () => void
}

interface State<T> {
  key: string
  items?: T[]
  cursor: string | null
  error?: RequestError
  loading: boolean
  loadingMore: boolean
  moreError?: RequestError
}

/**
 * A list read a page at a time by following the API's `next_cursor`. `load` fetches one page;
 * `key` stands for everything it reads (a new key starts over). Answers that arrive after the
 * key changed, or after a reload, are dropped, so a slow "load more" cannot append a stale page.
 */
export function usePagedList<T>(
  load: (page: { limit: number; cursor?: string }) => Promise<PageOf<T>>,
  key: string,
): PagedList<T> {
  const [state, setState] = useState<State<T>>({ key, cursor: null, loading: true, loadingMore: false })
  const [generation, setGeneration] = useState(0)
  // Which load is current: bumped by every first-page load, checked by every answer.
  const epoch = useRef(0)
  const shown = useRef(0)
  shown.current = state.key === key ? (state.items?.length ?? 0) : 0
  const loadRef = useRef(load)
  loadRef.current = load

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads
  useEffect(() => {
    const mine = ++epoch.current
    const limit = Math.min(PAGE_MAX, Math.max(PAGE_SIZE, shown.current))
    setState((previous) => ({
      ...(previous.key === key ? previous : { key, cursor: null }),
      loading: true,
      error: undefined,
      loadingMore: false,
      moreError: undefined,
    }))
    loadRef.current({ limit }).then(
      (page) =>
        mine === epoch.current &&
        setState({ key, items: page.results, cursor: page.next_cursor, loading: false, loadingMore: false }),
      (error: RequestError) =>
        mine === epoch.current && setState({ key, cursor: null, error, loading: false, loadingMore: false }),
    )
  }, [key, generation])

  const current = state.key === key ? state : undefined
  const cursor = current?.cursor ?? null

  // A second click before the first answer must not append the same page twice.
  const moreInFlight = useRef<string | null>(null)
  const loadMore = useCallback(() => {
    if (!cursor || moreInFlight.current === cursor) return
    moreInFlight.current = cursor
    const mine = epoch.current
    setState((previous) => ({ ...previous, loadingMore: true, moreError: undefined }))
    const settle = (update: (previous: State<T>) => State<T>) => {
      moreInFlight.current = null
      if (mine === epoch.current) setState(update)
    }
    loadRef.current({ limit: PAGE_SIZE, cursor }).then(
      (page) =>
        settle((previous) => ({
          ...previous,
          items: [...(previous.items ?? []), ...page.results],
          cursor: page.next_cursor,
          loadingMore: false,
        })),
      (moreError: RequestError) => settle((previous) => ({ ...previous, loadingMore: false, moreError })),
    )
  }, [cursor])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return {
    items: current?.items,
    error: current?.error,
    loading: current ? current.loading : true,
    hasMore: cursor !== null,
    loadingMore: current?.loadingMore ?? false,
    moreError: current?.moreError,
    loadMore,
    reload,
  }
}
