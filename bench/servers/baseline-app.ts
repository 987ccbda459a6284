import express, { type Express } from 'express';

/**
 * The intake baseline: an express 5 app that only parses the same JSON body the relay parses (same
 * parser options and body limit) and answers 200 with a link, at the relay's path. Whatever the relay
 * does beyond this (authentication, schema validation, hashing, journaling, the worker) is the cost the
 * intake ratio measures.
 */
export function createBaselineApp(options: { mountPath: string; bodyLimitBytes: number }): Express {
    const app = express();
    app.disable('x-powered-by');
    app.post(
        options.mountPath,
        express.json({ limit: options.bodyLimitBytes, type: () => true, strict: false }),
        (request, response) => {
            const id = (request.body as { id?: unknown } | undefined)?.id;
            response
                .status(200)
                .json({ url: `http://127.0.0.1/client/object/helpdesk/${String(id)}` });
        }
    );
    return app;
}
