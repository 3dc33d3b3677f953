/**
 * How a mutant changes a reference part: it wraps the port, never subclasses the adapter. The
 * reference object stays as it is; the wrapper answers the replaced methods and passes every
 * other call through. Each replacement is given the reference method (bound) to call.
 */
type Method = (...args: never[]) => unknown;
type MethodsOf<T> = { [K in keyof T as T[K] extends Method ? K : never]: T[K] };
export type Overrides<T> = { [K in keyof MethodsOf<T>]?: (reference: T[K]) => T[K] };

export function overrideMethods<T extends object>(target: T, overrides: Overrides<T>): T {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      const replace = (overrides as Record<PropertyKey, ((reference: unknown) => unknown) | undefined>)[
        property
      ];
      return replace && typeof value === 'function' ? replace(value.bind(inner)) : value;
    },
  });
}
