import type { ExecutionContext } from '@nestjs/common';
import { RouteMetadata } from './route-metadata';

const contextOf = (handler: () => void, controller: new () => unknown) =>
  ({ getHandler: () => handler, getClass: () => controller }) as unknown as ExecutionContext;

describe('RouteMetadata', () => {
  it('reads a route’s metadata once per handler and controller class', () => {
    const read = jest.fn(([handler, controller]: [object, object]) => `${String(handler)} of ${String(controller)}`);
    const routes = new RouteMetadata(read);
    const handler = () => undefined;
    class Base {}
    class Derived extends Base {}

    expect(routes.of(contextOf(handler, Base))).toBe(routes.of(contextOf(handler, Base)));
    routes.of(contextOf(handler, Derived));
    routes.of(contextOf(() => undefined, Base));
    expect(read.mock.calls.map(([[h, c]]) => [h === handler, c])).toEqual([
      [true, Base],
      [true, Derived],
      [false, Base],
    ]);
  });
});
