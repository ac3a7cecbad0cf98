/**
 * The house rules, checked on every `npm test`: the domain stays pure, the libs stand in layers
 * (a lib imports only libs of lower layers), libs never reach into apps, and apps never import
 * each other. docs/architecture.md explains the layers; test/architecture plants a violation of
 * every rule and shows that it fails.
 */

/** Lowest first. `libs/testing` sits beside the stack: any lib's specs may use it, production code never. */
const LIB_LAYERS = [
  ['domain', 'platform'],
  ['sql', 'policy', 'contracts'],
  ['event-store'],
  ['messaging', 'read-models'],
  ['risk', 'inbound'],
  ['api-kit'],
];

const libsBelow = (layer) => LIB_LAYERS.slice(0, layer).flat();

/** One rule per lib: it may import its own files and the libs below it (its specs also libs/testing). */
const libOrderRules = LIB_LAYERS.flatMap((libs, layer) =>
  libs.map((lib) => {
    const allowed = [lib, ...libsBelow(layer)];
    return {
      name: `lib-order-${lib}`,
      comment:
        allowed.length === 1
          ? `libs/${lib} is a base lib: it imports no other lib.`
          : `libs/${lib} imports only ${allowed.filter((name) => name !== lib).join(', ')} (the libs below it).`,
      severity: 'error',
      from: { path: `^libs/${lib}/`, pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/', pathNot: allowed.map((name) => `^libs/${name}/`) },
    };
  }),
);

const libSpecRules = LIB_LAYERS.flatMap((libs, layer) =>
  libs.map((lib) => ({
    name: `lib-order-${lib}-specs`,
    comment: `Specs of libs/${lib} import the libs below it and libs/testing, never a lib above it.`,
    severity: 'error',
    from: { path: `^libs/${lib}/.+\\.spec\\.ts$` },
    to: { path: '^libs/', pathNot: [lib, 'testing', ...libsBelow(layer)].map((name) => `^libs/${name}/`) },
  })),
);

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports nothing but its own files: no framework, no driver, no other lib.',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/src' },
    },
    {
      name: 'domain-specs-use-only-testing-helpers',
      severity: 'error',
      from: { path: '^libs/domain/src/.+\\.spec\\.ts$' },
      // fast-check generates inputs for property specs of the pure rules; it does no I/O.
      to: { pathNot: ['^libs/domain/src', '^libs/testing/src', '^node_modules/fast-check/'] },
    },
    ...libOrderRules,
    ...libSpecRules,
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      // The console runs in a browser as a client of the public API: server code (libs) has no place in it.
      name: 'console-imports-no-lib',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: '^libs/' },
    },
    {
      name: 'production-code-never-imports-testing',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.spec\\.ts$', '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: ['^dist/'] },
  },
};

/** For test/architecture, which plants a violation of every rule (dependency-cruiser ignores this key). */
Object.defineProperty(module.exports, 'LIB_LAYERS', { value: LIB_LAYERS, enumerable: false });
