import { parse as parseContentType } from 'content-type';
import express, {
    type NextFunction,
    type Request,
    type RequestHandler,
    type Response,
} from 'express';

/**
 * Reads a JSON body and keeps its text: `request.body` is the parsed value and `bodyText(request)` the text
 * it was parsed from, which the journal stores as received (no second decoding of the bytes, no
 * serialising of the parsed value again).
 *
 * body-parser's text reader reads the body (size limit, content encodings, the request's charset); the
 * text is parsed here by the rules of body-parser's JSON parser without `strict`, with errors of the same
 * types (http/error-handler.ts answers them): a charset other than UTF-* is `charset.unsupported` (415),
 * text that is not JSON is `entity.parse.failed` (400), and an empty body is `{}`.
 */
export function createJsonBodyReader(limitBytes: number): RequestHandler[] {
    const readText = express.text({ limit: limitBytes, type: () => true });
    const parseText = (request: Request, _response: Response, next: NextFunction): void => {
        const text: unknown = request.body;
        // No body (body-parser leaves it undefined), or read by an earlier parser.
        if (typeof text !== 'string') return next();
        const charset = charsetOf(request);
        if (charset !== undefined && !charset.startsWith('utf-')) {
            return next(
                Object.assign(new Error(`unsupported charset "${charset.toUpperCase()}"`), {
                    status: 415,
                    type: 'charset.unsupported',
                })
            );
        }
        let body: unknown;
        try {
            body = text.length === 0 ? {} : JSON.parse(text);
        } catch (error) {
            return next(
                Object.assign(error as Error, { status: 400, type: 'entity.parse.failed' })
            );
        }
        request.body = body;
        (request as WithBodyText).bodyText = text;
        next();
    };
    return [readText, parseText];
}

/** The text the request's JSON body was parsed from (createJsonBodyReader), else the body serialised. */
export function bodyText(request: Request): string {
    return (request as WithBodyText).bodyText ?? JSON.stringify(request.body);
}

interface WithBodyText {
    bodyText?: string;
}

/** The charset the request names, lower case; undefined when it names none or its header is malformed. */
function charsetOf(request: Request): string | undefined {
    try {
        return parseContentType(
            request.get('content-type') ?? ''
        ).parameters.charset?.toLowerCase();
    } catch {
        return undefined;
    }
}
