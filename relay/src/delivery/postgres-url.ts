/**
 * Reading PostgreSQL locations (`postgres://…` / `postgresql://…` URLs) for the delivery store: which
 * strings are one, the `schema` query parameter the relay adds, and a form that is safe to log.
 */

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** True when the delivery store location names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
    return POSTGRES_URL.test(location);
}

/**
 * Splits the relay's `schema` query parameter off a PostgreSQL URL. The rest of the URL (including the
 * parameters node-postgres understands, such as `sslmode`) is passed to the driver unchanged.
 */
export function parsePostgresUrl(location: string): { connectionString: string; schema?: string } {
    let url: URL;
    try {
        url = new URL(location);
    } catch {
        throw new TypeError(
            `Delivery store: ${describePostgresLocation(location)} is not a valid PostgreSQL URL (postgres://user:password@host:port/database?schema=name).`
        );
    }
    const schema = url.searchParams.get('schema') ?? undefined;
    if (schema === undefined) return { connectionString: location };
    url.searchParams.delete('schema');
    return { connectionString: url.toString(), schema };
}

/** The location without its password, for logs and error messages. */
export function describePostgresLocation(location: string): string {
    try {
        const url = new URL(location);
        url.password = '';
        url.search = '';
        return url.toString();
    } catch {
        // Not a URL: say nothing of its content, it may hold the password.
        return 'the configured PostgreSQL location';
    }
}
