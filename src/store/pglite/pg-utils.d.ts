/** node-postgres's conversion of a JavaScript value to the text (or Buffer) it sends as a parameter. */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null }
  export default utils
}
