/**
 * Constructors of plain objects (their prototype is `Object.prototype`, as an object literal's is)
 * whose hidden classes start from a root of their own.
 *
 * V8 shares hidden classes between objects built by the same steps from the same root, and every
 * `{}` starts from one root. When two kinds of object both begin with an accessor of the same name
 * but different functions (a computed claim group's `group` and a computed quote group's), the
 * second kind cannot take the first one's transition and V8 gives each of its objects a dictionary
 * of its own: about four times the memory, by the ten thousand. An object made by one of these
 * constructors is the same to every reader (fields, order, prototype, deep equality) as one built
 * from `{}`, but it never meets another kind's transitions.
 */
export function plainShape<A extends unknown[], T extends object>(init: (this: T, ...args: A) => void): new (...args: A) => T {
  // A function, not a class: a class's `prototype` cannot be replaced.
  const make = function (this: T, ...args: A): void {
    init.apply(this, args);
  };
  make.prototype = Object.prototype;
  return make as unknown as new (...args: A) => T;
}
