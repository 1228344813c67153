/** LIKE treats \\, % and _ as special; escaped, the user's text matches itself only. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** A case-insensitive "contains" pattern (with ILIKE) for the user's text. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`
}
