/**
 * What a `mysql://user:pass@host:port/database` URL (or `mariadb://`) names, for every connection
 * Sportello opens to MySQL/MariaDB. `?socket=/run/mysqld/mysqld.sock` connects through the server's
 * Unix socket instead of TCP (same host: no TCP stack on each round trip).
 */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  socketPath?: string;
}

export function mysqlTarget(url: string): MysqlTarget {
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const socketPath = u.searchParams.get('socket') || undefined;
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    ...(socketPath ? { socketPath } : {}),
  };
}

/** mysql2 options reaching the server (no database chosen): the socket when named, else host and port. */
export function serverOptions(t: MysqlTarget) {
  return { host: t.host, port: t.port, user: t.user, password: t.password, ...(t.socketPath ? { socketPath: t.socketPath } : {}) };
}
