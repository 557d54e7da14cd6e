/**
 * The dependency rules (checked in CI): core/ is the domain and knows nothing of its faces — no
 * imports from bot/, web/ or admin/, nor of telegraf, express or AdminJS; the faces reach core
 * through createApp()'s use cases, core/validation and shared types (core/shared/records.ts for
 * record types), never through core/db/, core/audit/ or a database driver/ORM.
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
      name: 'faces-use-no-persistence',
      comment: 'bot/, web/ and admin/ go through use cases: no core/db/, core/audit/, mysql2, sqlite3 or sequelize',
      severity: 'error',
      from: { path: '^(bot|web|admin)/' },
      to: { path: ['^core/(db|audit)/', 'node_modules/(mysql2|sqlite3|sequelize)/'] },
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
