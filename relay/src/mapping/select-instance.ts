import type { InstanceConfig, TenantConfig } from '../config/schema.ts';
import { NoMatchingInstanceError } from '../errors.ts';
import type { Conversation } from '../conversation/conversation-schema.ts';
import { readTopics } from './read-topics.ts';

const normalise = (topic: string): string => topic.trim().toLowerCase();

/**
 * Chooses the instance (topic → limetype) for a conversation, as Lime Chat does: the first of the
 * conversation's topics that a configured instance names; when the conversation has no topic at all, the
 * default topic of its Userlike widget. Throws a 422 error listing the configured topics otherwise.
 */
export function selectInstance(conversation: Conversation, tenant: TenantConfig): InstanceConfig {
    const configured = tenant.instances.map((instance) => instance.topic).join(', ');
    const topics = readTopics(conversation);
    if (topics.length > 0) {
        for (const topic of topics) {
            const instance = findInstance(tenant, topic);
            if (instance) return instance;
        }
        throw new NoMatchingInstanceError(
            `No instance is configured for the conversation's topic(s) ${topics.map((t) => `"${t}"`).join(', ')}. ` +
                `Configured topics: ${configured}. Give the conversation one of these topics in Userlike, or ask the Lime administrator to add an instance.`
        );
    }
    const widget = conversation.um_widget;
    const widgetDefault =
        (widget?.id !== undefined && widget?.id !== null
            ? tenant.widgetDefaultTopics[String(widget.id)]
            : undefined) ?? (widget?.name ? tenant.widgetDefaultTopics[widget.name] : undefined);
    if (widgetDefault !== undefined) {
        const instance = findInstance(tenant, widgetDefault);
        if (instance) return instance;
        throw new NoMatchingInstanceError(
            `The default topic "${widgetDefault}" of the conversation's widget matches no instance. Configured topics: ${configured}.`
        );
    }
    const widgetName = widget
        ? ` (widget ${widget.name ? `"${widget.name}", ` : ''}id ${widget.id ?? 'unknown'})`
        : '';
    throw new NoMatchingInstanceError(
        `The conversation has no topic and its widget${widgetName} has no default topic. ` +
            `Give the conversation one of the configured topics (${configured}) in Userlike, or configure a default topic for the widget.`
    );
}

/** The instance configured for a topic (case-insensitive), if any. */
export function findInstance(tenant: TenantConfig, topic: string): InstanceConfig | undefined {
    const wanted = normalise(topic);
    return tenant.instances.find((instance) => normalise(instance.topic) === wanted);
}
