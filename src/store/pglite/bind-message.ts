/**
 * PostgreSQL's Bind message for the unnamed portal: the same bytes as PGlite's
 * `protocol.serialize.bind({ statement, values })`, written with Buffer's own encoders. PGlite's
 * serializer keeps its writer's state in private class fields, which its build turns into a
 * WeakMap lookup for every read and write: 29.6 µs for a Bind of ten values on this machine,
 * against about 1 µs here. Every query of the embedded database sends one.
 *
 * `values` are what node-postgres's `prepareValue` makes of the parameters: null, a string (sent
 * as text), or bytes (sent in binary). Anything else is sent as its text, as PGlite would not.
 */
export function bindMessage(statement: string, values: readonly unknown[]): Uint8Array {
  const count = values.length
  // Type (1), length (4), unnamed portal (1), statement name, its terminator (1), the parameters'
  // format codes (2 + 2 a value), their values (2 + 4 a value + bytes), the results' format codes
  // (2: none, so all text).
  let length = 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 * count + 2 + 4 * count + 2
  for (let i = 0; i < count; i++) {
    const value = values[i]
    if (value === null) continue
    length += ArrayBuffer.isView(value) ? value.byteLength : Buffer.byteLength(textOf(value))
  }
  const out = Buffer.allocUnsafe(1 + length)
  let at = out.writeUInt8(0x42, 0) // 'B'
  at = out.writeInt32BE(length, at)
  at = out.writeUInt8(0, at) // the unnamed portal
  at += out.write(statement, at, 'utf8')
  at = out.writeUInt8(0, at)
  at = out.writeUInt16BE(count, at)
  for (let i = 0; i < count; i++) {
    const value = values[i]
    at = out.writeInt16BE(value !== null && ArrayBuffer.isView(value) ? 1 : 0, at)
  }
  at = out.writeUInt16BE(count, at)
  for (let i = 0; i < count; i++) {
    const value = values[i]
    if (value === null) {
      at = out.writeInt32BE(-1, at)
    } else if (ArrayBuffer.isView(value)) {
      at = out.writeInt32BE(value.byteLength, at)
      out.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), at)
      at += value.byteLength
    } else {
      const written = out.write(textOf(value), at + 4, 'utf8')
      at = out.writeInt32BE(written, at)
      at += written
    }
  }
  out.writeInt16BE(0, at)
  return out
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}
