import { type Ref, useEffect, useState } from 'react'
import { Icon } from './Icon.tsx'

/** Copies `value`; says "Copied" for a moment (also to screen readers). */
export function CopyButton({
  value,
  label = 'Copy',
  className = 'button',
  autoFocus = false,
  onCopied,
  ref,
}: {
  value: string
  label?: string
  className?: string
  autoFocus?: boolean
  onCopied?: () => void
  ref?: Ref<HTMLButtonElement>
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])

  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
      onCopied?.()
    } catch {
      setState('failed')
    }
  }

  return (
    <button
      ref={ref}
      type="button"
      className={className}
      onClick={copy}
      {...(autoFocus ? { 'data-autofocus': true } : {})}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
      </span>
    </button>
  )
}
