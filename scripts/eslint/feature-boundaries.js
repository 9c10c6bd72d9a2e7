// ESLint rule: the server's import boundaries (see README, "Architecture").
// - A feature (server/<name>/, other than platform and composition) reaches
//   another feature only through that feature's index.ts.
// - Platform code imports no feature.
// - A rules/ folder is pure: it imports no platform code, and another
//   feature's index only for types.
// Tests are not held to it (eslint.config.js): they reach into the unit they test.
import path from 'node:path';
import process from 'node:process';

const NOT_FEATURES = new Set(['platform', 'composition']);

/** The top folder under server/ that a path lies in, or null outside server/. */
function topFolderOf(file) {
  const parts = path.relative(process.cwd(), file).split(path.sep);
  return parts[0] === 'server' && parts.length > 2 ? parts[1] : null;
}

const isRulesFile = (file) => path.relative(process.cwd(), file).split(path.sep).includes('rules');

export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Keeps the server feature-shaped: index-only cross-feature imports, pure rules, business-free platform',
    },
    messages: {
      throughIndex: "'{{from}}' may use '{{to}}' only through server/{{to}}/index.ts",
      platformImportsFeature: "platform code may not import the '{{to}}' feature",
      rulesImportPlatform: 'a rules/ folder is pure: it may not import platform code',
      rulesImportFeatureValue: "a rules/ folder may import '{{to}}' only for types",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = topFolderOf(file);
    if (!from) return {};
    const check = (node, source, typeOnly) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const to = topFolderOf(target);
      if (!to || to === from) return;
      const data = { from, to };
      if (isRulesFile(file)) {
        if (to === 'platform') return context.report({ node, messageId: 'rulesImportPlatform' });
        if (!typeOnly) return context.report({ node, messageId: 'rulesImportFeatureValue', data });
      }
      if (NOT_FEATURES.has(to)) return;
      if (from === 'platform') return context.report({ node, messageId: 'platformImportsFeature', data });
      if (path.basename(target) !== 'index.js' || path.dirname(target) !== path.resolve('server', to))
        context.report({ node, messageId: 'throughIndex', data });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type'),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source.value, false),
    };
  },
};
