/** A failure to start that the person starting graph-mock can fix: its message says how, and no stack trace is shown. */
export class StartError extends Error {}
