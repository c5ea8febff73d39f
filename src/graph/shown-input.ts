/** Moved to src/shown-input.ts; import it from there. */
export { shownInput } from '../shown-input.js'
