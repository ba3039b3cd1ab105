/**
 * The `sluice/layers` ESLint rule: every import of a file in `src/` is checked against one table
 * of allow-lists (kept in `eslint.config.js`), whatever the file's depth.
 *
 * A relative import is resolved to the folder it reaches, so `../../gateway/x.js` from
 * `src/core/events/` is judged as "core imports gateway" exactly like `../gateway/x.js` from
 * `src/core/`. Package imports are reduced to the package name (`@aws-sdk/client-sqs/dist/x` →
 * `@aws-sdk/client-sqs`, `fs/promises` → `node:fs`) and looked up in the layer's list.
 *
 * Every form that loads a module is checked: static and type-only imports, re-exports, dynamic
 * `import()`, `import('x').T` types and `import x = require('x')`.
 *
 * @example
 * ```js
 * // eslint.config.js
 * import layers from './eslint/layers-rule.js';
 * export default [{
 *   files: ['src/**\/*.ts'],
 *   plugins: { sluice: layers },
 *   rules: { 'sluice/layers': ['error', {
 *     root: import.meta.dirname,
 *     layers: { core: { imports: ['core'], packages: ['zod'] } },
 *   }] },
 * }];
 * ```
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules);

/** @param {string} p */
const toPosix = (p) => p.split(path.sep).join('/');

/**
 * The name a package import is allowed by: the package (with its scope), or `node:<module>` for
 * a built-in with or without the prefix, without any subpath.
 *
 * @param {string} specifier a bare (non-relative) import specifier
 * @returns {string}
 * @internal
 */
export function packageOf(specifier) {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  const [first = '', second] = bare.split('/');
  if (specifier.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(first)) return `node:${first}`;
  return first.startsWith('@') && second !== undefined ? `${first}/${second}` : first;
}

/**
 * Whether `name` is on `list`. Entries are exact names or a prefix ending in `*`
 * (`@aws-sdk/*`, `node:*`).
 *
 * @param {string} name
 * @param {readonly string[]} list
 * @internal
 */
export function allowed(name, list) {
  return list.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

/**
 * The layer a folder belongs to: the longest table key that is the folder or one of its parents,
 * so `core/events` is judged by `core` unless it has an entry of its own.
 *
 * @param {string} folder a folder relative to `src/`, posix separators, `''` for `src/` itself
 * @param {readonly string[]} keys
 * @returns {string | undefined}
 * @internal
 */
export function layerOf(folder, keys) {
  let best;
  for (const key of keys) {
    if ((folder === key || folder.startsWith(`${key}/`)) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

/** @param {string} folder @param {readonly string[]} layers */
const within = (folder, layers) => layers.some((layer) => folder === layer || folder.startsWith(`${layer}/`));

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['root', 'layers'],
  properties: {
    root: { type: 'string' },
    layers: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['imports', 'packages'],
        properties: {
          imports: { type: 'array', items: { type: 'string' } },
          packages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    exceptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'packages', 'reason'],
        properties: { file: { type: 'string' }, packages: { type: 'array', items: { type: 'string' } }, reason: { type: 'string' } },
      },
    },
    tests: {
      type: 'object',
      additionalProperties: false,
      required: ['suffix', 'paths', 'packages'],
      properties: {
        suffix: { type: 'string' },
        paths: { type: 'array', items: { type: 'string' } },
        packages: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each src/ folder imports only the src/ folders and packages its layer allows, at any depth.' },
    schema: [optionsSchema],
    messages: {
      folder: "src/{{layer}} may not import src/{{target}} ('{{specifier}}'); it may import {{allowed}}. The layers table is in eslint.config.js.",
      package: "src/{{layer}} may not import '{{name}}'; its packages are {{allowed}}. The layers table is in eslint.config.js.",
      outside: "'{{specifier}}' leaves src/: the code in src/ imports only src/ and packages.",
      unlisted: 'src/{{folder}} is in no layer: add it to the layers table in eslint.config.js with what it may import.',
    },
  },
  create(context) {
    const { root, layers, exceptions = [], tests } = context.options[0];
    const srcDir = path.join(root, 'src');
    const filename = context.filename;
    const fromSrc = toPosix(path.relative(srcDir, filename));
    // Files outside src/ (tests under test/, scripts, benches) are not layered.
    if (fromSrc.startsWith('../') || path.isAbsolute(fromSrc)) return {};

    const folder = toPosix(path.dirname(fromSrc)).replace(/^\.$/, '');
    const keys = Object.keys(layers);
    const layer = layerOf(folder, keys);
    if (layer === undefined) {
      return { Program: (node) => context.report({ node, messageId: 'unlisted', data: { folder } }) };
    }

    const isTest = tests !== undefined && fromSrc.endsWith(tests.suffix);
    const fileExceptions = exceptions.filter((e) => e.file === `src/${fromSrc}`).flatMap((e) => e.packages);
    const packages = [...layers[layer].packages, ...fileExceptions, ...(isTest ? tests.packages : [])];
    const imports = layers[layer].imports;

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return; // a computed import() cannot be judged statically
      if (source.startsWith('.') || source.startsWith('/')) {
        const target = path.resolve(path.dirname(filename), source);
        const targetFromSrc = toPosix(path.relative(srcDir, target));
        if (targetFromSrc.startsWith('../')) {
          const fromRoot = toPosix(path.relative(root, target));
          if (isTest && tests.paths.some((p) => fromRoot === p || fromRoot.startsWith(`${p}/`))) return;
          context.report({ node, messageId: 'outside', data: { specifier: source } });
          return;
        }
        const targetFolder = toPosix(path.dirname(targetFromSrc)).replace(/^\.$/, '');
        if (!within(targetFolder, imports)) {
          context.report({
            node,
            messageId: 'folder',
            data: { layer, target: targetFolder || '(root)', specifier: source, allowed: imports.map((i) => `src/${i}`).join(', ') },
          });
        }
        return;
      }
      const name = packageOf(source);
      if (!allowed(name, packages)) {
        context.report({ node, messageId: 'package', data: { layer, name, allowed: packages.join(', ') || 'none' } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      // `import('x').T` in a type position, and `import x = require('x')`.
      TSImportType: (node) => {
        // `source` replaced `argument` in typescript-eslint 8; reading `argument` warns, so only fall back to it.
        const literal = node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined);
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
      TSExternalModuleReference: (node) => node.expression.type === 'Literal' && check(node.expression, node.expression.value),
    };
  },
};

/** The local plugin: `plugins: { sluice: layersPlugin }`, rule `sluice/layers`. */
const layersPlugin = { meta: { name: 'sluice-layers' }, rules: { layers: layersRule } };
export default layersPlugin;
