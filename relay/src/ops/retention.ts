import type { Logger } from 'pino';
import type { DeliveryStore } from '../delivery/delivery-store.ts';

/**
 * Deletes finished deliveries (and their payloads, which hold personal data) older than the retention
 * period, now and then every hour (GDPR's storage limitation, docs/privacy.md). Returns a stop function.
 */
export function scheduleRetention(options: {
    store: DeliveryStore;
    retentionDays: number;
    logger: Logger;
    everyMs?: number;
}): () => void {
    const purge = async (): Promise<void> => {
        try {
            const olderThan = new Date(Date.now() - options.retentionDays * 86_400_000);
            const { deliveries } = await options.store.purge({ olderThan });
            if (deliveries > 0)
                options.logger.info(
                    { purged: deliveries, olderThan: olderThan.toISOString() },
                    'Purged old deliveries'
                );
        } catch (error) {
            options.logger.error(
                { err: { message: (error as Error).message } },
                'Purging old deliveries failed'
            );
        }
    };
    void purge();
    const timer = setInterval(purge, options.everyMs ?? 3_600_000);
    timer.unref();
    return () => clearInterval(timer);
}
