import type { WebhookEventType } from '../../../contract/index.ts'
import { webhookEvents, webhookEventTypes } from '../../../contract/values.ts'

/** The events checkboxes, with "All events" on top: one picker for adding and for editing. */
export function WebhookEventsPicker({
  events,
  onChange,
  error,
  errorId,
}: {
  events: Set<WebhookEventType>
  onChange: (events: Set<WebhookEventType>) => void
  error: string | undefined
  /** Unique per dialog: the fieldset points at its error by it. */
  errorId: string
}) {
  const allChosen = events.size === webhookEventTypes.length

  function toggle(event: WebhookEventType, on: boolean) {
    const next = new Set(events)
    if (on) next.add(event)
    else next.delete(event)
    onChange(next)
  }

  return (
    <fieldset className="event-choice" aria-describedby={error ? errorId : undefined}>
      <legend>Events</legend>
      <label className="checkbox-label strong">
        <input
          type="checkbox"
          // Some chosen, not all: the box says so (a dash), as a file manager's "select all" does.
          ref={(box) => {
            if (box) box.indeterminate = events.size > 0 && !allChosen
          }}
          checked={allChosen}
          onChange={(e) => onChange(new Set(e.target.checked ? webhookEventTypes : []))}
        />
        All events
      </label>
      {webhookEventTypes.map((type) => (
        <label key={type} className="checkbox-label event-option">
          <input
            type="checkbox"
            checked={events.has(type)}
            onChange={(e) => toggle(type, e.target.checked)}
          />
          <span>
            <code>{type}</code>
            <span className="muted small event-meaning">{webhookEvents[type]}</span>
          </span>
        </label>
      ))}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

/** What the server said about the events, whichever entry it named (events, events/0, ...). */
export function eventsFieldError(fields: Partial<Record<string, string>>): string | undefined {
  return fields.events ?? Object.entries(fields).find(([field]) => field.startsWith('events'))?.[1]
}
