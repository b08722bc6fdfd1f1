/**
 * The arguments of `npm run world` and `npm run sandbox`. Node reads `--env-file <path>` anywhere on
 * its command line, even after the program (seen on Node 20 and on Node 24.22): with the file absent
 * it exits with "node: <path>: not found" before our program runs, and with a stale one present it
 * loads its exports into our environment. So package.json ends both commands with `--`, after which
 * Node reads nothing, and the program drops that `--` here.
 */

/** `process.argv` after the program, without the `--` package.json puts first. */
export function scriptArgs(argv: readonly string[] = process.argv): string[] {
  const args = argv.slice(2);
  return args[0] === '--' ? args.slice(1) : args;
}
