/**
 * The issuer's memory of users' sign-ins in one tenant: the authorization codes redeemed, which
 * redeem once, and the device codes waiting for their user (RFC 8628). Both are bounded, the
 * oldest forgotten first, so no client can fill memory. Knows nothing of HTTP.
 */
import { randomBytes, randomInt } from 'node:crypto'

/** Codes redeemed that are remembered by id; past them, a code is refused when it expires no later than the last one forgotten. */
export const REDEEMED_CODES_KEPT = 10_000
/** Device codes waiting at once; a new one beyond forgets the oldest, whose client's next poll is then refused. */
export const PENDING_DEVICE_CODES = 1_000
/** Characters of a user code: no 0, O, 1 or I, which a person would misread. */
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** What a device code was asked for, which the token it turns into is made of. */
export interface DeviceCodeRequest {
  clientId: string
  scope: string
}

export interface DeviceCode {
  deviceCode: string
  userCode: string
  expiresAt: number
}

/** Where a device code stands when its client polls. */
export type DeviceCodeState =
  | { state: 'unknown' }
  | { state: 'expired' }
  | { state: 'otherClient' }
  | { state: 'pending', request: DeviceCodeRequest }
  | { state: 'approved', request: DeviceCodeRequest, username: string }

export interface SignIns {
  /** Marks an authorization code redeemed, by its id and its expiry (any unit, one for all); false when it already was, or may have been. */
  redeem (codeId: string, expiresAt: number): boolean
  /** A new device code for `request`, valid until `expiresAt` (the tenant's clock, in milliseconds). */
  startDeviceCode (request: DeviceCodeRequest, expiresAt: number): DeviceCode
  /** A user signs a device code in by its user code (any case, dashes and spaces ignored); false when no unexpired one has it. */
  approveDeviceCode (userCode: string, username: string, now: number): boolean
  /** Where the device code stands for the client polling; an approved one is taken, as it turns into a token once. */
  takeDeviceCode (deviceCode: string, clientId: string, now: number): DeviceCodeState
}

interface Pending extends DeviceCode {
  request: DeviceCodeRequest
  username?: string
}

const normalUserCode = (userCode: string) => userCode.toUpperCase().replace(/[\s-]/g, '')

export function createSignIns (): SignIns {
  const redeemed = new Map<string, number>()
  // The latest expiry among the codes forgotten: a code expiring no later may be one of them.
  let forgottenUntil = Number.NEGATIVE_INFINITY
  const pending = new Map<string, Pending>()
  return {
    redeem (codeId, expiresAt) {
      if (redeemed.has(codeId) || expiresAt <= forgottenUntil) return false
      if (redeemed.size >= REDEEMED_CODES_KEPT) {
        const [oldest, oldestExpiry] = redeemed.entries().next().value ?? ['', Number.NEGATIVE_INFINITY]
        redeemed.delete(oldest)
        forgottenUntil = Math.max(forgottenUntil, oldestExpiry)
      }
      redeemed.set(codeId, expiresAt)
      return true
    },
    startDeviceCode (request, expiresAt) {
      if (pending.size >= PENDING_DEVICE_CODES) pending.delete(pending.keys().next().value ?? '')
      const userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('')
      const code: Pending = { deviceCode: randomBytes(48).toString('base64url'), userCode, expiresAt, request }
      pending.set(code.deviceCode, code)
      return { deviceCode: code.deviceCode, userCode, expiresAt }
    },
    approveDeviceCode (userCode, username, now) {
      const wanted = normalUserCode(userCode)
      for (const code of pending.values()) {
        if (code.userCode === wanted && code.expiresAt > now && code.username === undefined) {
          code.username = username
          return true
        }
      }
      return false
    },
    takeDeviceCode (deviceCode, clientId, now) {
      const code = pending.get(deviceCode)
      if (code === undefined) return { state: 'unknown' }
      if (code.request.clientId !== clientId) return { state: 'otherClient' }
      if (code.expiresAt <= now) {
        pending.delete(deviceCode)
        return { state: 'expired' }
      }
      if (code.username === undefined) return { state: 'pending', request: code.request }
      pending.delete(deviceCode)
      return { state: 'approved', request: code.request, username: code.username }
    }
  }
}
