/** graph-mock's library entry: start it inside a test process; its control client is also `graph-mock/client`. */
export { startGraphMock, type GraphMock } from './graph-mock.js'
export type { GraphMockOptions } from './options.js'
export { ConfigError } from './config.js'
export { FixtureError, type FixtureSets } from './state/fixtures.js'
export { TlsError } from './tls/tls-error.js'
export { ListenError } from './listen-error.js'
export { createControlClient, ControlApiError, type ControlClient, type ControlClientOptions, type ControlFetch } from './client.js'
