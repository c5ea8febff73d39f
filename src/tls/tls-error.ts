/** An HTTPS certificate graph-mock cannot use or make; its own file, so that catching it does not load the certificate code. */
import { StartError } from '../start-error.js'

export class TlsError extends StartError {
  override name = 'TlsError'
}
