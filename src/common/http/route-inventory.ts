import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';

type Class = new (...args: never[]) => unknown;

export interface RouteInfo {
  controller: Class;
  handlerName: string;
  handler: object;
  method: string;
  /** Controller path and handler path joined, with `:param`s as Nest declares them. */
  path: string;
}

/** Every controller reachable from `modules`, following their static imports. */
export function controllersOf(modules: unknown[]): Class[] {
  const seen = new Set<unknown>();
  const controllers = new Set<Class>();
  const visit = (m: unknown) => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const target = ((m as { module?: unknown }).module ?? m) as object;
    for (const c of (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, target) ?? []) as Class[]) controllers.add(c);
    for (const i of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, target) ?? []) as unknown[]) visit(i);
  };
  modules.forEach(visit);
  return [...controllers];
}

/** The routes a controller declares, read from Nest's own metadata. */
export function routesOf(controller: Class): RouteInfo[] {
  const proto = controller.prototype as Record<string, unknown>;
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && typeof proto[name] === 'function')
    .filter((name) => Reflect.getMetadata(METHOD_METADATA, proto[name] as object) !== undefined)
    .map((name) => {
      const handler = proto[name] as object;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      return { controller, handlerName: name, handler, method, path };
    });
}
