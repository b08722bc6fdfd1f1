/**
 * Keeps client-node's generated client out of the operator's memory.
 *
 * client-node's `KubeConfig` module (`dist/config.js`) imports `./gen/index.js`, the index of the
 * whole generated client, for two small names (`createConfiguration`, `ServerConfiguration`) that
 * only its `makeApiClient` uses. That index loads every API group of Kubernetes and ~2,700 model
 * classes: about 15 MB of JavaScript and, measured, a third of the operator's resident memory
 * with no object to manage (docs/performance.md, "Memory"). The operator does not call
 * `makeApiClient` (kube-apis.ts speaks JSON itself), so this resolve hook hands that one import a
 * module that exports just those two names from their own files, which load nothing else.
 *
 * Only that import, from that file, is redirected: anything else that imports the package (the
 * terminal commands do) gets the whole client as before, and `makeApiClient` still works. A
 * client-node release that imports more names there fails at start, loudly, and the unit test
 * reads config.js's import line to catch it before.
 */
import { registerHooks } from 'node:module';

/** client-node's KubeConfig module, as a URL ends. */
const CONFIG_MODULE = /\/@kubernetes\/client-node\/dist\/config\.js$/;

/** The names `dist/config.js` takes from `./gen/index.js`, and the module each lives in. */
export const GEN_NAMES: Readonly<Record<string, string>> = {
  createConfiguration: './gen/configuration.js',
  ServerConfiguration: './gen/servers.js',
};

/** The source of the small module that stands in for `./gen/index.js` imported by `configUrl`. */
export function slimGenSource(configUrl: string): string {
  return Object.entries(GEN_NAMES)
    .map(([name, file]) => `export { ${name} } from ${JSON.stringify(new URL(file, configUrl).href)};`)
    .join('\n');
}

let registered = false;

/** Registers the resolve hook (once per process); call it before the operator's modules load. */
export function slimClientNode(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (specifier === './gen/index.js' && parent !== undefined && CONFIG_MODULE.test(parent)) {
        return {
          url: `data:text/javascript,${encodeURIComponent(slimGenSource(parent))}`,
          format: 'module',
          shortCircuit: true,
        };
      }
      return nextResolve(specifier, context);
    },
  });
}
