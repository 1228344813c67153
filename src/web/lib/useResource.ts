import { useCallback, useEffect, useState } from 'react'
import type { RequestError } from '../api/client.ts'

export interface Resource<T> {
  data: T | undefined
  error: RequestError | undefined
  loading: boolean
  reload: () => void
}

/** Loads `load()` when `key` changes; a stale answer (key changed meanwhile) is dropped. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: RequestError; loading: boolean }>({
    key,
    loading: true,
  })
  const [generation, setGeneration] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads
  useEffect(() => {
    let current = true
    setState((previous) => ({
      ...(previous.key === key ? previous : { key }),
      loading: true,
      error: undefined,
    }))
    load().then(
      (data) => current && setState({ key, data, loading: false }),
      (error: RequestError) => current && setState({ key, error, loading: false }),
    )
    return () => {
      current = false
    }
  }, [key, generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return {
    data: state.key === key ? state.data : undefined,
    error: state.key === key ? state.error : undefined,
    loading: state.loading || state.key !== key,
    reload,
  }
}
