import { FEATURE_MODULES } from '../../app.module';
import { IS_PUBLIC, MIN_ROLE } from '../decorators/access.decorators';
import { controllersOf, routesOf } from '../http/route-inventory';

describe('access declarations', () => {
  const controllers = controllersOf(FEATURE_MODULES);
  const routes = controllers.flatMap(routesOf);
  const meta = (key: string, r: (typeof routes)[number]) => Reflect.getMetadata(key, r.handler) ?? Reflect.getMetadata(key, r.controller);

  it('finds the controllers of every feature', () => {
    expect(controllers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['AuthController', 'HealthController', 'OfficesController', 'UsersController']),
    );
  });

  it('has every route declare @Public() or @Auth(role), never both', () => {
    const label = (r: (typeof routes)[number]) => `${r.controller.name}.${r.handlerName} (${r.method} ${r.path})`;
    expect(routes.filter((r) => !meta(IS_PUBLIC, r) && !meta(MIN_ROLE, r)).map(label)).toEqual([]);
    expect(routes.filter((r) => meta(IS_PUBLIC, r) && meta(MIN_ROLE, r)).map(label)).toEqual([]);
  });

  it('keeps the public surface to login, refresh and health', () => {
    const publicRoutes = routes.filter((r) => meta(IS_PUBLIC, r)).map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual(['GET /health/live', 'GET /health/ready', 'POST /auth/login', 'POST /auth/refresh']);
  });
});
