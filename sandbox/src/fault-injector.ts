/**
 * Fault injection for /api requests: latency, random errors, the next N failures, hanging requests
 * and writes that are applied but never answered (the socket is destroyed instead).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { badRequest } from './sandbox-error.ts';

/** The faults to apply; `set` replaces the whole spec. */
export interface FaultSpec {
    /** Delay before every matching request is handled. */
    latencyMs?: number;
    /** Probability 0..1 that a matching request fails with `errorStatus`. */
    errorRate?: number;
    /** Status for `errorRate` failures, default 503. */
    errorStatus?: number;
    /** The next `count` matching requests fail with `status` (default 503), optionally with Retry-After. */
    failNext?: { count: number; status?: number; retryAfterSeconds?: number };
    /** Matching requests are never answered until the faults are cleared or replaced. */
    hang?: boolean;
    /** The next N matching writes (POST, PUT, DELETE) are applied, then the socket is destroyed. */
    writeThenDrop?: number;
    /** Only requests matching all given fields are affected. */
    match?: { method?: string; pathIncludes?: string };
}

/** Programmatic control of the faults. */
export interface FaultInjector {
    /** Replaces the active faults (hung requests are released unless `hang` stays on). */
    set(spec: FaultSpec): void;
    /** Removes all faults and releases hung requests. */
    clear(): void;
    /** A copy of the active faults, with counters as they are now. */
    current(): FaultSpec;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readNumber(value: unknown, name: string, min: number, max: number): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        throw badRequest(`fault "${name}" must be a number from ${min} to ${max}`);
    }
    return value;
}

function readStatus(value: unknown, name: string): number | undefined {
    const status = readNumber(value, name, 100, 599);
    if (status !== undefined && !Number.isInteger(status)) {
        throw badRequest(`fault "${name}" must be an integer HTTP status`);
    }
    return status;
}

function readObject(value: unknown, name: string): Record<string, unknown> | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw badRequest(`fault "${name}" must be an object`);
    }
    return value as Record<string, unknown>;
}

/** Validates a fault spec from JSON; throws a 400 SandboxError naming the bad field. */
export function parseFaultSpec(input: unknown): FaultSpec {
    const raw = readObject(input, 'spec') ?? {};
    const known = [
        'latencyMs',
        'errorRate',
        'errorStatus',
        'failNext',
        'hang',
        'writeThenDrop',
        'match',
    ];
    const unknown = Object.keys(raw).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
        throw badRequest(`unknown fault fields: ${unknown.join(', ')}`);
    }
    const spec: FaultSpec = {};
    const latencyMs = readNumber(raw.latencyMs, 'latencyMs', 0, 600_000);
    if (latencyMs !== undefined) spec.latencyMs = latencyMs;
    const errorRate = readNumber(raw.errorRate, 'errorRate', 0, 1);
    if (errorRate !== undefined) spec.errorRate = errorRate;
    const errorStatus = readStatus(raw.errorStatus, 'errorStatus');
    if (errorStatus !== undefined) spec.errorStatus = errorStatus;
    const failNext = readObject(raw.failNext, 'failNext');
    if (failNext) {
        const count = readNumber(failNext.count, 'failNext.count', 0, 1_000_000);
        if (count === undefined || !Number.isInteger(count)) {
            throw badRequest('fault "failNext.count" must be an integer');
        }
        spec.failNext = { count };
        const status = readStatus(failNext.status, 'failNext.status');
        if (status !== undefined) spec.failNext.status = status;
        const retryAfter = readNumber(
            failNext.retryAfterSeconds,
            'failNext.retryAfterSeconds',
            0,
            86_400
        );
        if (retryAfter !== undefined) spec.failNext.retryAfterSeconds = retryAfter;
    }
    if (raw.hang !== undefined) {
        if (typeof raw.hang !== 'boolean') throw badRequest('fault "hang" must be true or false');
        spec.hang = raw.hang;
    }
    const writeThenDrop = readNumber(raw.writeThenDrop, 'writeThenDrop', 0, 1_000_000);
    if (writeThenDrop !== undefined) spec.writeThenDrop = writeThenDrop;
    const match = readObject(raw.match, 'match');
    if (match) {
        spec.match = {};
        for (const key of ['method', 'pathIncludes'] as const) {
            const value = match[key];
            if (value !== undefined) {
                if (typeof value !== 'string')
                    throw badRequest(`fault "match.${key}" must be a string`);
                spec.match[key] = value;
            }
        }
    }
    return spec;
}

interface HungRequest {
    response: Response;
    next: NextFunction;
}

/** Holds the active faults and applies them as express middleware. */
export class SandboxFaults implements FaultInjector {
    private spec: FaultSpec = {};
    private hung: HungRequest[] = [];

    set(spec: FaultSpec): void {
        this.spec = structuredClone(parseFaultSpec(spec));
        if (!this.spec.hang) {
            this.releaseHung();
        }
    }

    clear(): void {
        this.spec = {};
        this.releaseHung();
    }

    current(): FaultSpec {
        return structuredClone(this.spec);
    }

    /** Destroys the connections of hung requests (on close). */
    destroyHung(): void {
        for (const { response } of this.hung) {
            response.socket?.destroy();
        }
        this.hung = [];
    }

    private releaseHung(): void {
        const hung = this.hung;
        this.hung = [];
        for (const { response, next } of hung) {
            if (!response.destroyed) {
                next();
            }
        }
    }

    private matches(request: Request): boolean {
        const match = this.spec.match;
        if (match?.method && match.method.toUpperCase() !== request.method) {
            return false;
        }
        return !match?.pathIncludes || request.originalUrl.includes(match.pathIncludes);
    }

    /** Decides what happens to one request; counters are consumed here. */
    private decide(request: Request): (response: Response, next: NextFunction) => void {
        const spec = this.spec;
        if (spec.hang) {
            return (response, next) => this.hung.push({ response, next });
        }
        if (spec.failNext && spec.failNext.count > 0) {
            spec.failNext.count -= 1;
            const { status = 503, retryAfterSeconds } = spec.failNext;
            return (response) => {
                if (retryAfterSeconds !== undefined) {
                    response.set('Retry-After', String(retryAfterSeconds));
                }
                response.status(status).json({ message: `injected fault: status ${status}` });
            };
        }
        if (spec.errorRate !== undefined && Math.random() < spec.errorRate) {
            const status = spec.errorStatus ?? 503;
            return (response) =>
                response.status(status).json({ message: `injected fault: status ${status}` });
        }
        if (spec.writeThenDrop && spec.writeThenDrop > 0 && WRITE_METHODS.has(request.method)) {
            return (response, next) => {
                // The handler runs and stores the write; its answer is replaced by a dropped socket. A write
                // that was refused (401, 400, …) stored nothing: it is answered and does not count.
                const end = response.end.bind(response);
                response.end = ((...args: Parameters<Response['end']>) => {
                    if (response.statusCode >= 300 || !spec.writeThenDrop) return end(...args);
                    spec.writeThenDrop -= 1;
                    response.socket?.destroy();
                    return response;
                }) as Response['end'];
                next();
            };
        }
        return (_response, next) => next();
    }

    /** Express middleware applying the faults to matching requests. */
    createMiddleware(): RequestHandler {
        return (request, response, next) => {
            if (!this.matches(request)) {
                next();
                return;
            }
            const latencyMs = this.spec.latencyMs ?? 0;
            const act = this.decide(request);
            if (latencyMs > 0) {
                setTimeout(() => act(response, next), latencyMs);
            } else {
                act(response, next);
            }
        };
    }
}
