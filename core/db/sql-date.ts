/**
 * Dates for hand-written SQL (`sequelize.query` replacements), in the exact text Sequelize stores
 * them in (UTC, with milliseconds): Sequelize's own escaping of a Date in replacements drops the
 * milliseconds on MySQL, which makes a row written a moment ago look not yet due.
 */
export function sqlDate(dialect: 'sqlite' | 'mysql', d: Date): string {
  const text = d.toISOString().replace('T', ' ').replace('Z', '');
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}
