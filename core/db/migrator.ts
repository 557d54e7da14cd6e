/**
 * Umzug over TypeScript migrations in migrations/ (compiled to dist/migrations/*.js in production).
 * The same migrator serves `npm start`, `npm run migrate` and the tests.
 */
import { Umzug, SequelizeStorage } from 'umzug';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  tableOptions: Record<string, unknown>;
}

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

export function createMigrator(sequelize: Sequelize, logger?: { info: (msg: unknown) => void }) {
  const isMysql = sequelize.getDialect() === 'mysql';
  const context: MigrationContext = {
    queryInterface: sequelize.getQueryInterface(),
    sequelize,
    // utf8mb4 so that names and messages with emoji or any accent survive on MariaDB.
    tableOptions: isMysql ? { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci', engine: 'InnoDB' } : {},
  };
  return new Umzug<MigrationContext>({
    migrations: {
      glob: [`${migrationsDir}/*.{ts,js}`, { ignore: ['**/*.d.ts', '**/*.spec.ts', '**/*.spec.js'] }],
      resolve: ({ name, path }) => ({
        // Names without extension so that source (.ts) and compiled (.js) runs share one history.
        name: name.replace(/\.(ts|js)$/, ''),
        up: async ({ context: ctx }) => (await import(pathToFileURL(path!).href)).up({ context: ctx }),
        down: async ({ context: ctx }) => (await import(pathToFileURL(path!).href)).down({ context: ctx }),
      }),
    },
    context,
    storage: new SequelizeStorage({ sequelize, tableName: 'sequelize_meta' }),
    logger: logger ? { info: (m) => logger.info(m), warn: (m) => logger.info(m), error: (m) => logger.info(m), debug: () => {} } : undefined,
  });
}
