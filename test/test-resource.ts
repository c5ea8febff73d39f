/**
 * A resource that exists only in tests, for the tests of Graph's conventions (headers, routing):
 * they then test the kit and the conventions, not whichever real resource happens to be first.
 */
import { Type } from '@sinclair/typebox'
import type { TestContext } from 'node:test'
import { odataString } from '../src/graph/odata-types.js'
import type { EntitySetResource } from '../src/graph/resource.js'
import { buildTestApp, stateOf } from './helper.js'

export const WIDGETS = 'widgets'
export const WIDGET_ID = 'w-1'
export const widgetUrl = (id: string) => `/beta/${WIDGETS}/${id}`
/** Two write permissions (either one does) and a read one, as Intune's pages list them, for the permission checks' tests. */
export const WIDGET_WRITE = ['Widgets.ReadWrite.All', 'Widgets.Manage.All']
export const WIDGET_READ = [...WIDGET_WRITE, 'Widgets.Read.All']

export const WIDGET_RESOURCE: EntitySetResource = {
  kind: 'entitySet',
  entitySet: WIDGETS,
  versions: ['beta'],
  qualifiedName: 'microsoft.graph.widget',
  recordSchema: Type.Object({ name: odataString('A widget\'s name.') }, { additionalProperties: false }),
  withId: true,
  paths: [{ path: `/${WIDGETS}` }, { path: `/shelves/:shelfId/${WIDGETS}` }],
  operations: {
    list: WIDGET_READ,
    get: WIDGET_READ,
    create: WIDGET_WRITE,
    update: WIDGET_WRITE,
    delete: WIDGET_WRITE
  }
}

/** An app serving the test resource alone, around two widgets. */
export function buildConventionApp (t: TestContext) {
  const state = stateOf({ [WIDGETS]: { [WIDGET_ID]: { name: 'one' }, 'w-2': { name: 'two' } } }, [WIDGETS])
  return buildTestApp(t, { ...state, resources: [WIDGET_RESOURCE] })
}

/** Parts, kept beside the widgets: each belongs to the widget its `widgetId` names. */
export const PARTS = 'parts'
export const WIDGET_PARTS = `${WIDGETS}.${PARTS}`
/** Labels, also beside the widgets, which belong to none: they outlive any widget. */
export const WIDGET_LABELS = `${WIDGETS}.labels`

/** The test resource with records beside its entities: parts a widget owns, and labels it does not. */
export const WIDGET_WITH_PARTS: EntitySetResource = {
  ...WIDGET_RESOURCE,
  besides: {
    [PARTS]: { schema: Type.Object({ widgetId: Type.String(), name: odataString('A part\'s name.') }, { additionalProperties: false }), ownedThrough: 'widgetId' },
    labels: { schema: Type.Object({ widgetId: Type.String() }, { additionalProperties: false }) }
  }
}

/** An app serving the widgets with parts and labels: p-1 and p-2 are w-1's, p-3 w-2's; label l-1 names w-1. */
export function buildPartsApp (t: TestContext, resource: EntitySetResource = WIDGET_WITH_PARTS) {
  const state = stateOf({
    [WIDGETS]: { [WIDGET_ID]: { name: 'one' }, 'w-2': { name: 'two' } },
    [WIDGET_PARTS]: { 'p-1': { widgetId: WIDGET_ID, name: 'a' }, 'p-2': { widgetId: WIDGET_ID, name: 'b' }, 'p-3': { widgetId: 'w-2', name: 'c' } },
    [WIDGET_LABELS]: { 'l-1': { widgetId: WIDGET_ID } }
  }, [WIDGETS, WIDGET_PARTS, WIDGET_LABELS])
  return buildTestApp(t, { ...state, resources: [resource] })
}
