import { documentRequirements } from '../check/requirements.ts';
import { cutText } from '../mapping/display-text.ts';
import { requireFit } from '../sync/require-fit.ts';
import type { SyncContext } from '../sync/sync-context.ts';
import { openMediaDownload, type MediaPolicy } from './download-media.ts';

/** One media file to import, as journaled for its background job. */
export interface MediaJob {
    conversationId: number;
    messageId: string;
    url: string;
    fileName: string;
    contentType: string | undefined;
    /** The object the conversation was written to, and the person, when identified. */
    limetype: string;
    objectId: number;
    documentRelation: string;
    personId: number | undefined;
    /** Where a failure note goes: the note type and the history relation to the object. */
    historyType: string;
    historyRelation: string;
}

/** The document settings of a tenant (Lime Chat's model: `document` with `ul_messageid`, docs/lime-rest-api.md §7). */
export interface DocumentSettings {
    limetype: string;
    fields: { file: string; type: string; comment: string; messageId: string; person: string };
    /** The option key written to the document's `type`. */
    type: string;
}

/**
 * Imports one media file as a Lime document related to the object (and the person): looks for a document
 * with the message's `ul_messageid` first, so a re-send or a retry never imports the same file twice;
 * otherwise streams the download into `POST /api/v1/file/` and creates the document pointing at the file.
 * The Lime API key never goes to the media host, nor media credentials to Lime (two separate clients).
 */
export async function importMedia(
    context: SyncContext,
    job: MediaJob,
    settings: DocumentSettings,
    policy: MediaPolicy
): Promise<{ documentId: number; alreadyImported: boolean }> {
    const { lime } = context;
    const { fields } = settings;
    await requireFit(context, documentRequirements(settings, job.documentRelation, job.limetype));
    const [existing] = await lime.findObjects(
        settings.limetype,
        { [fields.messageId]: job.messageId },
        1
    );
    if (existing) return { documentId: existing._id, alreadyImported: true };

    const documentType = await context.catalog.limetype(settings.limetype);
    // The download opens only when the upload may go (after the Lime rate limiter), so its time limit
    // is not spent waiting for a slot. One that fails mid-way (size cap, timeout) aborts the upload:
    // report the download's reason, not the upload's broken connection.
    let download: Awaited<ReturnType<typeof openMediaDownload>> | undefined;
    let downloadError: unknown;
    let file: { id: number };
    try {
        file = await lime.uploadFile(async () => {
            download = await openMediaDownload(job.url, policy, context.signal);
            download.stream.once('error', (error) => (downloadError = error));
            return {
                body: download.stream,
                fileName: job.fileName,
                contentType: job.contentType ?? download.contentType ?? 'application/octet-stream',
                contentLength: download.contentLength,
            };
        });
    } catch (error) {
        throw downloadError ?? error;
    } finally {
        download?.stream.destroy();
    }
    const commentLength = documentType.properties.get(fields.comment)?.length ?? 0;
    const values: Record<string, unknown> = {
        [fields.file]: file.id,
        [fields.type]: settings.type,
        [fields.messageId]: job.messageId,
        [job.documentRelation]: job.objectId,
    };
    if (documentType.properties.has(fields.comment)) {
        values[fields.comment] = cutText(job.fileName, commentLength);
    }
    if (job.personId !== undefined && documentType.properties.has(fields.person))
        values[fields.person] = job.personId;
    const document = await lime.createObject(settings.limetype, values);
    context.logger.info(
        { documentId: document._id, fileId: file.id },
        'Media file imported as a document'
    );
    return { documentId: document._id, alreadyImported: false };
}

/**
 * Makes a file that could not be imported visible where the Lime user looks: a history note on the object
 * naming the file and the reason (never its contents).
 */
export async function writeMediaFailureNote(
    context: SyncContext,
    job: MediaJob,
    reason: string,
    historyType: string,
    historyRelation: string
): Promise<void> {
    const { history } = context.tenant;
    await context.lime.createObject(history.limetype, {
        [history.fields.type]: historyType,
        [history.fields.date]: context.now().toISOString(),
        [history.fields.note]:
            `Userlike conversation ${job.conversationId}: the file "${job.fileName}" could not be imported as a document (${reason}).`,
        [historyRelation]: job.objectId,
    });
}
