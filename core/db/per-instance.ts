import type { Model } from 'sequelize';

/**
 * A subclass of a model class for one Sequelize instance. Sequelize binds a class to the instance it
 * is initialised on; a subclass per instance keeps the exported class usable as the type.
 */
export function perInstance<T extends abstract new (...args: any[]) => Model>(base: T): T {
  const bound = class extends (base as any) {};
  Object.defineProperty(bound, 'name', { value: base.name });
  return bound as unknown as T;
}
