import type { Request, RequestHandler } from 'express';
import type { KeyRole } from './validate-values.ts';

/** One API request the sandbox answered (or did not: status 0 means no response was sent). */
export interface RecordedRequest {
    method: string;
    /** The full request path without the query string, e.g. '/lime/api/v1/limeobject/person/'. */
    path: string;
    query: Record<string, unknown>;
    status: number;
    keyRole: KeyRole;
    /** ISO time the request arrived. */
    at: string;
}

/** Keeps the requests made to the API, for assertions. */
export class RequestLog {
    private entries: RecordedRequest[] = [];
    /** Counts the clears, so a request that arrived before one is not recorded after it. */
    private generation = 0;

    /** A copy of the recorded requests, oldest first. */
    list(): RecordedRequest[] {
        return this.entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
    }

    /**
     * Forgets all recorded requests, and those still being answered: a request that arrived before the
     * clear is not recorded when its answer or its connection's close comes after it.
     */
    clear(): void {
        this.entries = [];
        this.generation += 1;
    }

    /** Middleware recording each request once it is answered or its connection closes. */
    createRecorder(resolveRole: (request: Request) => KeyRole): RequestHandler {
        return (request, response, next) => {
            const at = new Date().toISOString();
            const generation = this.generation;
            let recorded = false;
            const record = (status: number): void => {
                if (!recorded && generation === this.generation) {
                    recorded = true;
                    this.entries.push({
                        method: request.method,
                        path: request.originalUrl.split('?')[0] ?? '',
                        query: { ...(request.query as Record<string, unknown>) },
                        status,
                        keyRole: resolveRole(request),
                        at,
                    });
                }
            };
            response.on('finish', () => record(response.statusCode));
            response.on('close', () => record(response.writableFinished ? response.statusCode : 0));
            next();
        };
    }
}
