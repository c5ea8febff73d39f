/** What the issuer's form routes take, as their OpenAPI operations say it: Entra reads no JSON body (RFC 6749, 4.1.3). */
export const FORM = ['application/x-www-form-urlencoded']
