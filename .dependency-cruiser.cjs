/**
 * The dependency rule (checked in CI): core/ is the domain and knows nothing of its faces —
 * no imports from bot/, web/ or admin/, nor of telegraf, express or AdminJS.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-faces',
      comment: 'core/ must not import bot/, web/ or admin/',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(bot|web|admin)/' },
    },
    {
      name: 'core-knows-no-face-frameworks',
      comment: 'core/ must not import telegraf, express or adminjs',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: 'node_modules/(telegraf|express|express-session|express-formidable|adminjs|@adminjs/[^/]+)/' },
    },
    {
      name: 'no-circular-core',
      severity: 'warn',
      from: { path: '^core/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
