/**
 * The house's boundaries as one ESLint rule, so that a build that crosses one fails instead of
 * relying on review: which part of the tree may import which. Every import is resolved to a path
 * inside the repository first, so `../../subgraphs/laender/x` and `../laender/x` are judged alike.
 *
 * CommonJS on purpose: eslint.config.mjs loads it, and the unit test (tests/unit/house-boundaries)
 * runs it through ESLint's Linter under Jest, which loads CommonJS.
 */
'use strict';
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SUBGRAPH_ENTRY = /^subgraphs(\/[^/]+)?(\/index)?$/;

/**
 * Each boundary: which importing files it applies to, and why an import target is refused
 * (a message), or undefined when it may be imported. Paths are repo-relative, without extension.
 */
const BOUNDARIES = [
  {
    from: /^subgraphs\/(?!shared\/)([^/]+)\//,
    refuse: (to, own) => {
      const m = /^subgraphs\/([^/]+)\//.exec(to);
      if (m && m[1] !== own && m[1] !== 'shared') return `a subgraph imports no other subgraph (${m[1]})`;
      if (/^(gateway|scripts|web)\//.test(to)) return 'a subgraph imports no gateway, scripts or web code';
      return undefined;
    },
  },
  {
    from: /^subgraphs\/shared\//,
    refuse: (to) => {
      if (/^subgraphs\/(?!shared\/)[^/]+\//.test(to)) return 'shared code imports no subgraph';
      if (/^(gateway|scripts|web)\//.test(to)) return 'shared code imports no gateway, scripts or web code';
      return undefined;
    },
  },
  {
    from: /^subgraphs\/shared\/platform\//,
    refuse: (to) =>
      /^subgraphs\/shared\/(?!platform\/)/.test(to)
        ? 'platform/ is the bottom of the house: it imports no other shared code'
        : undefined,
  },
  {
    from: /^gateway\//,
    refuse: (to) => {
      if (/^subgraphs\//.test(to) && !/^subgraphs\/shared\/platform\//.test(to))
        return 'the gateway imports only subgraphs/shared/platform/ of subgraph code';
      if (/^scripts\//.test(to)) return 'the gateway imports no scripts';
      return undefined;
    },
  },
  {
    from: /^scripts\//,
    refuse: (to) => {
      if (!/^subgraphs\//.test(to)) return undefined;
      if (/^subgraphs\/shared\/(platform|server)\//.test(to)) return undefined;
      if (to === 'subgraphs/shared/catalogue/vocabulary' || SUBGRAPH_ENTRY.test(to)) return undefined;
      return 'scripts use a subgraph through its index.ts, and of shared code only platform/, server/ and the vocabulary';
    },
  },
  {
    from: /^schema\//,
    refuse: (to) =>
      /^(subgraphs|gateway|scripts|web)\//.test(to) && !/^subgraphs\/shared\/platform\//.test(to)
        ? 'schema/ imports no subgraph, gateway or scripts code (of shared code only platform/)'
        : undefined,
  },
  {
    from: /^web\//,
    refuse: (to) =>
      /^(subgraphs|gateway|scripts)\//.test(to) ? 'the web pages are built from web/ and schema/ alone' : undefined,
  },
  {
    from: /^(?!tests\/)/,
    refuse: (to) => (/^tests\//.test(to) ? 'nothing outside tests/ imports test support' : undefined),
  },
];

/** The repo-relative path an import names, without extension; null for packages. */
function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const target = path.relative(REPO_ROOT, path.resolve(path.dirname(fromFile), specifier));
  return target
    .split(path.sep)
    .join('/')
    .replace(/\.(ts|js|cjs|mjs)$/, '');
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'keeps imports inside the boundaries of the house (README: Layout)' },
    schema: [],
  },
  create(context) {
    const file = path.relative(REPO_ROOT, context.filename).split(path.sep).join('/');
    const boundaries = BOUNDARIES.map((b) => ({ b, m: b.from.exec(file) })).filter((x) => x.m);
    if (boundaries.length === 0) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const to = resolveImport(context.filename, source.value);
      if (to === null) return;
      for (const { b, m } of boundaries) {
        const why = b.refuse(to, m[1]);
        if (why) {
          context.report({ node, message: `${file} may not import ${to}: ${why}` });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument && node.argument.literal),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isJestMock =
          callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'jest';
        if ((isRequire || isJestMock) && node.arguments[0] && node.arguments[0].type === 'Literal')
          check(node, node.arguments[0]);
      },
    };
  },
};

module.exports = { rules: { 'house-boundaries': rule }, BOUNDARIES };
