import { describe, expect, it } from 'vitest';
import {
    buildObjectUrl,
    buildUserlikeUrl,
    DEFAULT_OBJECT_URL_TEMPLATE,
    DEFAULT_USERLIKE_BASE_URL,
    findApplicationRoot,
} from './build-urls.ts';

describe('buildUserlikeUrl', () => {
    it("appends the conversation ID to Lime Chat's base URL", () => {
        expect(buildUserlikeUrl(DEFAULT_USERLIKE_BASE_URL, 5550001)).toBe(
            'https://userlike.com/en/umc#/conversation/5550001'
        );
    });

    it('uses a configured base URL as given', () => {
        expect(buildUserlikeUrl('https://umc.example.com/c/', 7)).toBe(
            'https://umc.example.com/c/7'
        );
    });
});

describe('buildObjectUrl', () => {
    it('builds the web client URL of a history note under the application root', () => {
        expect(buildObjectUrl(DEFAULT_OBJECT_URL_TEMPLATE, '/lime/', 'history', 12)).toBe(
            '/lime/client/object/history/12'
        );
    });

    it('adds the missing slash after the application root', () => {
        expect(buildObjectUrl(DEFAULT_OBJECT_URL_TEMPLATE, '/Lime%20CRM', 'deal', 3)).toBe(
            '/Lime%20CRM/client/object/deal/3'
        );
    });

    it('keeps absolute and root-relative templates as they are', () => {
        expect(
            buildObjectUrl('https://crm.example.com/#/{limetype}/{id}', '/x/', 'helpdesk', 1)
        ).toBe('https://crm.example.com/#/helpdesk/1');
        expect(buildObjectUrl('/web/{limetype}/{id}', '/x/', 'helpdesk', 1)).toBe(
            '/web/helpdesk/1'
        );
    });

    it('encodes the limetype', () => {
        expect(buildObjectUrl('{limetype}/{id}', '/', 'a b', 1)).toBe('/a%20b/1');
    });
});

describe('findApplicationRoot', () => {
    it.each([
        ['/lime/client/object/helpdesk/1001', '/lime/'],
        ['/client/object/helpdesk/1001', '/'],
        ['/Lime%20CRM/client/', '/Lime%20CRM/'],
        ['/', '/'],
        ['/dev/index.html', '/'],
    ])('finds the root of %s', (pathname, root) => {
        expect(findApplicationRoot(pathname)).toBe(root);
    });
});
