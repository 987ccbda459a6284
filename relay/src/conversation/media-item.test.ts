import { describe, expect, it } from 'vitest';
import { TranscriptItemSchema } from './conversation-schema.ts';
import { readMediaItem } from './media-item.ts';

const read = (item: Record<string, unknown>) => readMediaItem(TranscriptItemSchema.parse(item));

describe('readMediaItem', () => {
    it.each(['file', 'media', 'attachment'])('reads a %s object', (key) => {
        expect(
            read({
                type: 'message',
                [key]: {
                    url: ' https://userlike.example/f/1 ',
                    name: 'a.pdf',
                    mime_type: 'application/pdf',
                    size: 12,
                },
            })
        ).toEqual({
            url: 'https://userlike.example/f/1',
            fileName: 'a.pdf',
            contentType: 'application/pdf',
            size: 12,
        });
    });

    it('takes the first name given, and the item’s URL when the object has none', () => {
        expect(
            read({
                url: 'https://userlike.example/f/2',
                file: {
                    file_name: ' ',
                    filename: 'b.png',
                    name: 'c.png',
                    content_type: 'image/png',
                },
            })
        ).toEqual({
            url: 'https://userlike.example/f/2',
            fileName: 'b.png',
            contentType: 'image/png',
            size: undefined,
        });
    });

    it('reads an object without a URL as a file there is nothing to fetch of', () => {
        expect(read({ attachment: { size: -1 } })).toEqual({
            url: undefined,
            fileName: undefined,
            contentType: undefined,
            size: undefined,
        });
    });

    it.each(['media', 'file', 'image'])(
        'reads an item of type %s with a URL, never naming it by its author',
        (type) => {
            expect(
                read({ type, url: 'https://userlike.example/f/3', name: 'Ann', filename: 'd.jpg' })
            ).toEqual({
                url: 'https://userlike.example/f/3',
                fileName: 'd.jpg',
                contentType: undefined,
                size: undefined,
            });
        }
    );

    it('reads no file in a message with a link, or a media item without a URL', () => {
        expect(read({ type: 'message', url: 'https://example.com', body: 'see' })).toBeUndefined();
        expect(read({ type: 'image', url: '  ' })).toBeUndefined();
        expect(read({ type: 'message', file: null })).toBeUndefined();
    });
});
