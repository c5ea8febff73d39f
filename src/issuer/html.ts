/** The issuer's pages: text quoted in HTML, and the pieces its sign-in pages share. */

/** Text in HTML, in an element or a quoted attribute: the issuer's pages quote what clients send. */
export const html = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** A whole page of `body`, which the caller has already quoted. */
export const page = (title: string, body: string) => `<!DOCTYPE html><html><head><title>${html(title)}</title></head><body>${body}</body></html>`

/** Fields a form posts back as they are. */
export const hiddenInputs = (fields: ReadonlyArray<readonly [string, string]>) =>
  fields.map(([name, value]) => `<input type="hidden" name="${html(name)}" value="${html(value)}">`).join('')

/** A sign-in form's user name (filled in when known), password and button, and what graph-mock does with them. */
export const signInFields = (username = '') =>
  `<label>User name <input name="username" value="${html(username)}" autocomplete="username"></label> ` +
  '<label>Password <input type="password" name="password" autocomplete="current-password"></label> ' +
  '<button type="submit">Sign in</button></form><p>graph-mock signs in any user name and password.</p>'
