/**
 * An error the sandbox answers with: `status` plus the JSON body `{ "message": ... }`.
 * Assumption 1 of openapi/lime-crm.yaml: Lime's error body is undocumented; third-party code reads
 * `message`.
 */
export class SandboxError extends Error {
    readonly status: number;
    readonly headers: Record<string, string>;

    constructor(status: number, message: string, headers: Record<string, string> = {}) {
        super(message);
        this.name = 'SandboxError';
        this.status = status;
        this.headers = headers;
    }
}

/** 400 Bad Request. */
export function badRequest(message: string): SandboxError {
    return new SandboxError(400, message);
}

/** 404 Not Found. */
export function notFound(message: string): SandboxError {
    return new SandboxError(404, message);
}

/** 403 Forbidden. */
export function forbidden(message: string): SandboxError {
    return new SandboxError(403, message);
}
