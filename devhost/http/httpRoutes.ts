import type { RegisteredFunction } from '../extension';
import { compareRoutePrecedence, parseRouteTemplate, type RouteTemplate } from './routeTemplate';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

export interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly template: RouteTemplate;
  /** Upper-case; empty means every method. */
  readonly methods: readonly string[];
  readonly authLevel: AuthLevel;
}

export type RouteResolution =
  | { kind: 'match'; route: HttpRoute; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allow: string[] }
  | { kind: 'notFound' };

/** Every HTTP-triggered function's route (the function name when it has none), most specific first. */
export class HttpRoutes {
  readonly routes: readonly HttpRoute[];

  constructor(functions: Iterable<RegisteredFunction>) {
    const routes: HttpRoute[] = [];
    for (const fn of functions) {
      if (fn.triggerType.toLowerCase() !== 'httptrigger') continue;
      const trigger = fn.bindings[fn.triggerBindingName];
      const route =
        typeof trigger?.route === 'string' && trigger.route.trim() !== '' ? trigger.route : fn.name;
      const methods = Array.isArray(trigger?.methods)
        ? trigger.methods.map((m) => String(m).toUpperCase())
        : [];
      routes.push({
        fn,
        template: parseRouteTemplate(route),
        methods,
        authLevel: toAuthLevel(trigger?.authLevel),
      });
    }
    this.routes = routes.sort((a, b) => compareRoutePrecedence(a.template, b.template));
  }

  /** `path` is relative to the route prefix (no leading `api/`). */
  resolve(method: string, path: string): RouteResolution {
    const allow = new Set<string>();
    for (const route of this.routes) {
      const params = route.template.match(path);
      if (!params) continue;
      if (route.methods.length === 0 || route.methods.includes(method.toUpperCase())) {
        return { kind: 'match', route, params };
      }
      route.methods.forEach((m) => allow.add(m));
    }
    return allow.size > 0 ? { kind: 'methodNotAllowed', allow: [...allow].sort() } : { kind: 'notFound' };
  }
}

function toAuthLevel(value: unknown): AuthLevel {
  const level = typeof value === 'string' ? value.toLowerCase() : 'anonymous';
  // `system` and `user` levels do not exist in v4 apps; treat anything stricter than function as admin.
  if (level === 'anonymous' || level === 'function') return level;
  return level === 'admin' ? 'admin' : 'function';
}
