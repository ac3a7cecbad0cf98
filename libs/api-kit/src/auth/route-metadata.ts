import type { ExecutionContext } from '@nestjs/common';

/**
 * What a guard reads from a route's decorators, read once per route handler (and controller
 * class) instead of on every request: decorators do not change after boot, and Reflector walks
 * reflect-metadata's maps on every call.
 */
type Targets = [
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: ReturnType<ExecutionContext['getClass']>,
];

export class RouteMetadata<T> {
  private readonly byHandler = new WeakMap<object, WeakMap<object, T>>();

  constructor(private readonly read: (targets: Targets) => T) {}

  of(context: ExecutionContext): T {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.byHandler.get(handler);
    if (byController === undefined) {
      byController = new WeakMap();
      this.byHandler.set(handler, byController);
    }
    if (!byController.has(controller)) byController.set(controller, this.read([handler, controller]));
    return byController.get(controller) as T;
  }
}
