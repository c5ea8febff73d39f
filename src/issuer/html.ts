/** Text in HTML, in an element or a quoted attribute: the issuer's pages quote what clients send. */
export const html = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
