import { describe, expect, it } from 'vitest'
import { crossesNetworkInClear } from './session.ts'

describe('crossesNetworkInClear', () => {
  it('warns for plain HTTP to another machine only', () => {
    expect(crossesNetworkInClear('http://gatehouse.internal:8080/api')).toBe(true)
    expect(crossesNetworkInClear('http://10.1.2.3/api')).toBe(true)
    expect(crossesNetworkInClear('https://gatehouse.example.com/api')).toBe(false)
    expect(crossesNetworkInClear('http://127.0.0.1:8080/api')).toBe(false)
    expect(crossesNetworkInClear('http://localhost:8080/api')).toBe(false)
    expect(crossesNetworkInClear('http://[::1]:8080/api')).toBe(false)
  })
})
