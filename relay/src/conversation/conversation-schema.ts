import { z } from 'zod';

/**
 * The conversation payload that Userlike's Lime add-on posts (openapi/userlike-conversation.yaml).
 * Permissive where Userlike is silent (docs/assumptions.md, U9): unknown keys are kept, and only what the
 * relay cannot work without is required — the conversation `id` and a `contact` object.
 */

const nullableString = z.string().nullish();
const timestamp = z.string().nullish();

export const SenderSchema = z.looseObject({
    type: nullableString,
    id: z.union([z.number(), z.string()]).nullish(),
});

/**
 * A transcript item: a message, notification or event. The media fields are an ASSUMPTION (the public
 * sample has no media item): a `file`/`media`/`attachment` object, or a top-level `url` on an item of type
 * `media`/`file`/`image` (media-item.ts reads them; openapi/userlike-conversation.yaml, assumption 1).
 */
export const TranscriptItemSchema = z.looseObject({
    id: z.union([z.string(), z.number()]).nullish(),
    msgid: nullableString,
    sent_at: timestamp,
    type: nullableString,
    event: nullableString,
    body: nullableString,
    body_plain: nullableString,
    text_format: nullableString,
    operator_name: nullableString,
    name: nullableString,
    display_name: nullableString,
    sender: SenderSchema.nullish(),
    url: nullableString,
});
export type TranscriptItem = z.infer<typeof TranscriptItemSchema>;

export const ContactSchema = z.looseObject({
    id: z.union([z.number(), z.string()]).nullish(),
    name: nullableString,
    email: nullableString,
    phone_number: nullableString,
    mobile_number: nullableString,
    external_customer_id: z.union([z.string(), z.number()]).nullish(),
    custom_field_data: z.record(z.string(), z.unknown()).nullish(),
});

export const ConversationSchema = z.looseObject({
    id: z.number().int().positive(),
    _type: nullableString,
    _event: nullableString,
    contact: ContactSchema,
    topics: z.array(z.looseObject({ text: z.string().nullish() })).nullish(),
    transcript: z.array(TranscriptItemSchema).nullish(),
    um_widget: z
        .looseObject({ id: z.union([z.number(), z.string()]).nullish(), name: nullableString })
        .nullish(),
    operator_assigned_to_email: nullableString,
    created_at: timestamp,
    ended_at: timestamp,
    contact_first_message_sent_at: timestamp,
    last_message_sent_at: timestamp,
    custom: z.unknown().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;
