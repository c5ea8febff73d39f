import { StartError } from './start-error.js'

/** A listener that could not start: its port is taken or not allowed, or HOST is no address of this machine. */
export class ListenError extends StartError {
  override name = 'ListenError'
}
