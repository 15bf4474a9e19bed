import { HttpRoutes } from '../../devhost/http/httpRoutes';
import { compareRoutePrecedence, parseRouteTemplate } from '../../devhost/http/routeTemplate';
import type { RegisteredFunction } from '../../devhost/extension';

const match = (template: string, path: string) => parseRouteTemplate(template).match(path);

describe('route templates', () => {
  it('When a template has a parameter, then its value is URL-decoded and literals match case-insensitively', () => {
    expect(match('offers/{id}', 'OFFERS/a%20b')).toEqual({ id: 'a b' });
    expect(match('offers/{id}', 'offers/abc/')).toEqual({ id: 'abc' });
    expect(match('offers/{id}', 'offers')).toBeUndefined();
    expect(match('offers/{id}', 'offers/a/b')).toBeUndefined();
  });

  it('When a parameter is optional or has a default, then the segment may be absent', () => {
    expect(match('offers/{id?}', 'offers')).toEqual({});
    expect(match('offers/{id?}', 'offers/5')).toEqual({ id: '5' });
    expect(match('page/{n=1}', 'page')).toEqual({ n: '1' });
    expect(match('page/{n=1}', 'page/3')).toEqual({ n: '3' });
  });

  it('When a template ends in a catch-all, then it takes the rest of the path, slashes included', () => {
    expect(match('files/{*path}', 'files/a/b%2Fc/d.txt')).toEqual({ path: 'a/b/c/d.txt' });
    expect(match('files/{*path}', 'files')).toEqual({});
  });

  it('When constraints are given, then values that break them do not match', () => {
    expect(match('items/{id:int}', 'items/12')).toEqual({ id: '12' });
    expect(match('items/{id:int}', 'items/x')).toBeUndefined();
    expect(match('x/{id:guid}', 'x/3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBeDefined();
    expect(match('x/{id:guid}', 'x/nope')).toBeUndefined();
    expect(match('x/{n:range(1,10)}', 'x/10')).toEqual({ n: '10' });
    expect(match('x/{n:range(1,10)}', 'x/11')).toBeUndefined();
    expect(match('x/{s:alpha:minlength(3)}', 'x/ab')).toBeUndefined();
    expect(match('x/{s:alpha:minlength(3)}', 'x/abc')).toEqual({ s: 'abc' });
    expect(match('x/{b:bool}', 'x/TRUE')).toEqual({ b: 'TRUE' });
    expect(match('x/{s:regex(^a[0-9]{{2}}$)}', 'x/a12')).toEqual({ s: 'a12' });
    expect(match('x/{s:regex(^a[0-9]{{2}}$)}', 'x/a123')).toBeUndefined();
  });

  it('When a constraint is unknown, then it is ignored rather than rejecting every request', () => {
    expect(match('x/{id:somethingNew(3)}', 'x/anything')).toEqual({ id: 'anything' });
  });

  it('When a segment holds two parameters, then the last takes the shortest tail', () => {
    expect(match('file/{name}.{ext}', 'file/report.final.pdf')).toEqual({ name: 'report.final', ext: 'pdf' });
  });

  it('When a template is malformed, then parsing fails with the template named', () => {
    expect(() => parseRouteTemplate('x/{id')).toThrow(/x\/\{id/);
    expect(() => parseRouteTemplate('x/{}')).toThrow(/bad parameter/);
  });

  it('When templates compete, then literals beat constrained parameters beat parameters beat catch-alls', () => {
    const sorted = ['items/{*rest}', 'items/{name}', 'items/new', 'items/{id:int}']
      .map(parseRouteTemplate)
      .sort(compareRoutePrecedence)
      .map((t) => t.template);
    expect(sorted).toEqual(['items/new', 'items/{id:int}', 'items/{name}', 'items/{*rest}']);
  });
});

function httpFunction(name: string, trigger: Record<string, unknown>): RegisteredFunction {
  return {
    name,
    triggerType: 'httpTrigger',
    triggerBindingName: 'trigger',
    bindings: { trigger: { type: 'httpTrigger', direction: 'in', ...trigger } },
  };
}

describe('HTTP route table', () => {
  const routes = new HttpRoutes([
    httpFunction('getItem', { route: 'items/{id}', methods: ['GET'] }),
    httpFunction('putItem', { route: 'items/{id}', methods: ['PUT'], authLevel: 'function' }),
    httpFunction('health', {}),
  ]);

  it('When two functions share a route with different methods, then the method picks one', () => {
    const resolved = routes.resolve('put', 'items/1');
    expect(resolved.kind === 'match' && resolved.route.fn.name).toBe('putItem');
    expect(resolved.kind === 'match' && resolved.route.authLevel).toBe('function');
  });

  it('When the path matches but no method does, then the allowed methods are listed', () => {
    expect(routes.resolve('DELETE', 'items/1')).toEqual({ kind: 'methodNotAllowed', allow: ['GET', 'PUT'] });
  });

  it('When a function has no route or methods, then its name is the route and every method is allowed', () => {
    const resolved = routes.resolve('PATCH', 'health');
    expect(resolved.kind === 'match' && resolved.route.fn.name).toBe('health');
    expect(resolved.kind === 'match' && resolved.route.authLevel).toBe('anonymous');
    expect(routes.resolve('GET', 'nothing')).toEqual({ kind: 'notFound' });
  });
});
