import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { RequestLog } from '../src/request-log.ts';

/** A request the recorder has seen arrive, and a way to answer it (or drop its connection) later. */
function arrive(log: RequestLog, path: string): { answer(status: number): void; drop(): void } {
    const request = { method: 'GET', originalUrl: `${path}?_limit=1`, query: { _limit: '1' } };
    const response = Object.assign(new EventEmitter(), {
        statusCode: 200,
        writableFinished: false,
    });
    let passedOn = false;
    log.createRecorder(() => 'full')(
        request as unknown as Request,
        response as unknown as Response,
        () => (passedOn = true)
    );
    expect(passedOn).toBe(true);
    return {
        answer(status) {
            Object.assign(response, { statusCode: status, writableFinished: true });
            response.emit('finish');
            response.emit('close');
        },
        drop() {
            response.emit('close');
        },
    };
}

describe('the request log', () => {
    it('records a request once, when it is answered or its connection closes', () => {
        const log = new RequestLog();
        const answered = arrive(log, '/lime/api/v1/a/');
        const dropped = arrive(log, '/lime/api/v1/b/');
        expect(log.list()).toEqual([]);
        dropped.drop();
        answered.answer(201);
        expect(log.list().map(({ path, status, query }) => ({ path, status, query }))).toEqual([
            { path: '/lime/api/v1/b/', status: 0, query: { _limit: '1' } },
            { path: '/lime/api/v1/a/', status: 201, query: { _limit: '1' } },
        ]);
    });

    it('does not record after a clear a request that arrived before it', () => {
        // A test that clears the log between two pages must not see the first page's late answers.
        const log = new RequestLog();
        const answeredLate = arrive(log, '/lime/api/v1/late/');
        const droppedLate = arrive(log, '/lime/api/v1/dropped/');
        log.clear();
        const current = arrive(log, '/lime/api/v1/current/');
        answeredLate.answer(200);
        droppedLate.drop();
        current.answer(200);
        expect(log.list().map((request) => request.path)).toEqual(['/lime/api/v1/current/']);
    });
});
