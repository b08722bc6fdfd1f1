/**
 * Compile-time proof that a `switch` over a union handled every case: the type checker refuses a
 * call whose argument is not `never`. Reached at run time only through a value that lied about its
 * type (for example JSON from outside), and then it throws naming what it got.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
