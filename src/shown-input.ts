/** Text a client sent, as error messages and log lines quote it: whole up to 200 characters, so a 3 MB value is never echoed back whole. */
const MAX_SHOWN = 200

export function shownInput (text: string): string {
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN)}…`
}
