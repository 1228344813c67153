import { useEffect, useRef, useState } from 'react'
import type { PagedList } from '../lib/usePagedList.ts'
import { LoadError } from './LoadError.tsx'

/**
 * The end of a list read a page at a time: a "Load more" button while there is more, a retry
 * when the last load failed, and, once everything is shown after loading more, a line saying so
 * that takes the focus the vanished button had (a keyboard user is not sent back to the top).
 * How many are shown is announced after each load.
 */
export function LoadMore<T>({ list, what }: { list: PagedList<T>; what: string }) {
  const button = useRef<HTMLButtonElement>(null)
  const end = useRef<HTMLParagraphElement>(null)
  const buttonHadFocus = useRef(false)
  const [loadedMore, setLoadedMore] = useState(false)
  const count = list.items?.length ?? 0

  useEffect(() => {
    if (!list.hasMore && buttonHadFocus.current) end.current?.focus()
  }, [list.hasMore])

  if (!list.items) return null
  return (
    <>
      {list.moreError ? <LoadError error={list.moreError} onRetry={list.loadMore} /> : null}
      {list.hasMore ? (
        <div className="load-more">
          {/* aria-disabled, not disabled, while loading: a disabled button would drop the focus. */}
          <button
            ref={button}
            type="button"
            className="button"
            aria-disabled={list.loadingMore}
            onClick={() => {
              buttonHadFocus.current = document.activeElement === button.current
              setLoadedMore(true)
              list.loadMore()
            }}
          >
            {list.loadingMore ? `Loading more ${what}…` : `Load more ${what}`}
          </button>
        </div>
      ) : loadedMore ? (
        <p ref={end} className="load-more muted small" tabIndex={-1}>
          All {count} {what} shown.
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {loadedMore && !list.loadingMore ? `${count} ${what} shown.` : ''}
      </p>
    </>
  )
}
