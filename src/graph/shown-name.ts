/** A name from the request as error messages quote it: whole up to a point, so a 200 KB key is not echoed back whole. */
const MAX_SHOWN = 200

export function shownName (name: string): string {
  return name.length <= MAX_SHOWN ? name : `${name.slice(0, MAX_SHOWN)}…`
}
