import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { TestApp } from './harness.js';

/** Every route of the running app as "METHOD /api/path", with the controller and handler it calls. */
export function appRoutes(t: TestApp): { route: string; controller: object; handler: object }[] {
  const routes: { route: string; controller: object; handler: object }[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata('path', controller) as string | undefined) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full =
          '/' +
          ['api', base, path]
            .map((p) => p.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/');
        routes.push({ route: `${RequestMethod[method]} ${full}`, controller, handler });
      }
    }
  }
  return routes;
}
