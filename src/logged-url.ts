/** A request URL as log lines show it: secrets in its query string redacted, and at most 200 characters long. */
import { shownInput } from './shown-input.js'

/** Query parameters OAuth and OpenID Connect carry credentials in (RFC 6749, RFC 7521, OpenID Connect Core). */
const SECRET_PARAMETERS = new Set(['client_secret', 'client_assertion', 'code', 'assertion', 'access_token', 'refresh_token', 'id_token', 'password'])

/** Compared decoded, so `client%5Fsecret` is redacted too. */
function decodedName (name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase()
  } catch {
    return name.toLowerCase()
  }
}

function redactedPair (pair: string): string {
  const equals = pair.indexOf('=')
  const name = equals === -1 ? pair : pair.slice(0, equals)
  return SECRET_PARAMETERS.has(decodedName(name)) ? `${name}=[REDACTED]` : pair
}

export function loggedUrl (url: string): string {
  const queryAt = url.indexOf('?')
  if (queryAt === -1) return shownInput(url)
  return shownInput(`${url.slice(0, queryAt + 1)}${url.slice(queryAt + 1).split('&').map(redactedPair).join('&')}`)
}
