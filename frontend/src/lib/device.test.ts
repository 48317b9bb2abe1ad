import { describe, expect, it } from 'vitest'
import { describeDevice, lastUsed } from './device'

const UA = {
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  chromeIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
}

describe('describeDevice', () => {
  it('names the browser and the system, preferring the more specific browser token', () => {
    expect(describeDevice(UA.edgeWindows)).toBe('Edge on Windows')
    expect(describeDevice(UA.chromeAndroid)).toBe('Chrome on Android')
    expect(describeDevice(UA.safariMac)).toBe('Safari on macOS')
    expect(describeDevice(UA.chromeIphone)).toBe('Chrome on iPhone')
    expect(describeDevice(UA.firefoxLinux)).toBe('Firefox on Linux')
  })

  it('says what it can of a client that is not a browser, and "Unknown device" without one', () => {
    expect(describeDevice('curl/8.5.0')).toBe('curl')
    expect(describeDevice('')).toBe('Unknown device')
    expect(describeDevice(null)).toBe('Unknown device')
    expect(describeDevice('SomeBot/1.0')).toBe('Unknown device')
  })
})

describe('lastUsed', () => {
  const now = new Date(2025, 5, 20, 12, 0).getTime()
  const before = (minutes: number) => new Date(now - minutes * 60_000).toISOString()

  it('reads as a phrase after "Last used": just now, minutes, hours, days', () => {
    expect(lastUsed(before(0.5), now)).toBe('just now')
    expect(lastUsed(before(5), now)).toBe('5 minutes ago')
    expect(lastUsed(before(90), now)).toBe('1 hour ago')
    expect(lastUsed(before(26 * 60), now)).toBe('yesterday')
    expect(lastUsed(before(3 * 1440), now)).toBe('3 days ago')
  })

  it('gives a short date past a week, with the year only when it is another', () => {
    expect(lastUsed(new Date(2025, 2, 3).toISOString(), now)).toMatch(/3/)
    expect(lastUsed(new Date(2025, 2, 3).toISOString(), now)).not.toMatch(/2025/)
    expect(lastUsed(new Date(2024, 2, 3).toISOString(), now)).toMatch(/2024/)
  })
})
