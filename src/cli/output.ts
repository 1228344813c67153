/** How a command prints: for a person (tables, colour, spinners), or for a script (--json, --quiet). */
export interface OutputOptions {
  json?: boolean
  quiet?: boolean
}

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'
const codes: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does anything but a terminal. */
export function colourEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'
}

export function paint(stream: NodeJS.WriteStream, style: Style, text: string): string {
  if (!colourEnabled(stream)) return text
  const [open, close] = codes[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}

export const stdout = {
  line(text = ''): void {
    process.stdout.write(`${text}\n`)
  },
  lines(texts: string[]): void {
    for (const text of texts) process.stdout.write(`${text}\n`)
  },
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  },
  style: (style: Style, text: string) => paint(process.stdout, style, text),
}

/** Messages for the person (progress, warnings, hints) go to stderr so stdout stays parseable. */
export const stderr = {
  line(text = ''): void {
    process.stderr.write(`${text}\n`)
  },
  warn(text: string): void {
    process.stderr.write(`${paint(process.stderr, 'yellow', `warning: ${text}`)}\n`)
  },
  style: (style: Style, text: string) => paint(process.stderr, style, text),
}

/**
 * Shows a spinner on stderr while `work` runs, only for a person at a terminal: never in --json
 * or --quiet mode, never when stderr is piped (ora checks that), never in colour under NO_COLOR.
 */
export async function withSpinner<T>(
  text: string,
  options: OutputOptions,
  work: () => Promise<T>,
): Promise<T> {
  // A terminal that reports no width (a bare pseudo-terminal) would send ora into a loop.
  if (options.json || options.quiet || !process.stderr.isTTY || !process.stderr.columns) return work()
  // Loaded here, not at start: a script's call (--json, a pipe) never pays for it.
  const { default: ora } = await import('ora')
  const spinner = ora({
    text,
    stream: process.stderr,
    color: colourEnabled(process.stderr) ? 'cyan' : false,
    discardStdin: false,
  }).start()
  try {
    return await work()
  } finally {
    spinner.stop()
  }
}

export interface Column<Row> {
  header: string
  value: (row: Row) => string
  /** May be cut (with an ellipsis) when the table is wider than the terminal. */
  shrinkable?: boolean
  /** May be left out when cutting is not enough: 1 goes first, then 2, and so on. */
  drop?: number
}

const GAP = 2

/**
 * A plain text table that fits the terminal: shrinkable columns are cut first, then the least
 * useful columns are left out. Full width when stdout is not a terminal (a script reads it all).
 */
export function renderTable<Row>(rows: Row[], allColumns: Column<Row>[], width = terminalWidth()): string {
  let columns = allColumns
  let widths = fitWidths(rows, columns, width)
  while (widths === undefined) {
    const droppable = columns.filter((c) => c.drop !== undefined)
    if (droppable.length === 0) break
    const first = droppable.reduce((a, b) => ((a.drop as number) <= (b.drop as number) ? a : b))
    columns = columns.filter((c) => c !== first)
    widths = fitWidths(rows, columns, width)
  }
  const cells = rows.map((row) => columns.map((column) => oneLineCell(column.value(row))))
  const finalWidths = widths ?? naturalWidths(columns, cells)
  const format = (values: string[], style?: (text: string) => string) =>
    values
      .map((value, i) => {
        const cut = truncate(value, finalWidths[i] as number)
        const padded = i === values.length - 1 ? cut : cut.padEnd(finalWidths[i] as number)
        return style ? style(padded) : padded
      })
      .join(' '.repeat(GAP))
      .trimEnd()
  const header = format(
    columns.map((c) => c.header),
    (text) => stdout.style('bold', text),
  )
  return [header, ...cells.map((row) => format(row))].join('\n')
}

function naturalWidths<Row>(columns: Column<Row>[], cells: string[][]): number[] {
  return columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => length(r[i]))))
}

/** Column widths that fit `width` by cutting shrinkable columns (never below 8), or undefined. */
function fitWidths<Row>(
  rows: Row[],
  columns: Column<Row>[],
  width: number | undefined,
): number[] | undefined {
  const cells = rows.map((row) => columns.map((column) => oneLineCell(column.value(row))))
  const widths = naturalWidths(columns, cells)
  if (width === undefined) return widths
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1)
  const floor = (i: number) => Math.max(8, columns[i]?.header.length ?? 0)
  while (total() > width) {
    let widest = -1
    for (let i = 0; i < columns.length; i++) {
      if (!columns[i]?.shrinkable || (widths[i] as number) <= floor(i)) continue
      if (widest === -1 || (widths[i] as number) > (widths[widest] as number)) widest = i
    }
    if (widest === -1) return undefined
    widths[widest] = (widths[widest] as number) - 1
  }
  return widths
}

function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns || 80 : undefined
}

const length = (text: string | undefined) => [...(text ?? '')].length

function truncate(text: string, width: number): string {
  const chars = [...text]
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`
}

function oneLineCell(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** "2025-03-01 14:02" in local time: enough for a table, and the same width on every row. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '-'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}
