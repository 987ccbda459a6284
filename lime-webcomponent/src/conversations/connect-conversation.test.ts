import { describe, expect, it } from 'vitest';
import { createFakeHttp, createHttpResponseError, listBody } from '../../test-support/fake-http.ts';
import { TEST_SETTINGS } from '../../test-support/test-settings.ts';
import { connectConversation, findOwners } from './connect-conversation.ts';

const target = { limetype: 'helpdesk', id: 1009 };
const LOOKUP_URL = 'api/v1/limeobject/ulconversation/?conversationid=5550002&_limit=100';
const links = {
    self: { href: 'x' },
    relation_helpdesk: { href: 'x', name: 'helpdesk' },
    relation_deal: { href: 'x', name: 'deal' },
    relation_history: { href: 'x', name: 'history' },
};

describe('connectConversation', () => {
    it('creates the conversation record related to the object when the ID is new', async () => {
        const { http, requests } = createFakeHttp(({ method, url }) => {
            if (method === 'GET' && url === LOOKUP_URL) {
                return { body: listBody([]) };
            }
            if (method === 'POST' && url === 'api/v1/limeobject/ulconversation/') {
                return {
                    body: {
                        _id: 2001,
                        conversationid: 5550002,
                        link: '',
                        contactid: '',
                        startedtime: null,
                        helpdesk: 1009,
                    },
                };
            }
            return undefined;
        });
        const result = await connectConversation(http, target, 5550002, TEST_SETTINGS);
        expect(requests.map((request) => request.method)).toEqual(['GET', 'POST']);
        expect(requests[1]?.data).toEqual({
            conversationid: 5550002,
            helpdesk: 1009,
            link: '',
            contactid: '',
        });
        expect(result).toEqual({
            kind: 'connected',
            item: {
                recordId: 2001,
                recordUrl: '/lime/client/object/ulconversation/2001',
                conversationId: 5550002,
                person: null,
                userlikeContactId: '',
                startedTime: null,
                userlikeUrl: 'https://userlike.com/en/umc#/conversation/5550002',
                notes: { kind: 'loaded', notes: [] },
            },
        });
    });

    it('refuses an ID already connected to this object, without writing', async () => {
        const { http, requests } = createFakeHttp(({ url }) =>
            url === LOOKUP_URL
                ? {
                      body: listBody([
                          {
                              _id: 5,
                              conversationid: 5550002,
                              helpdesk: 1009,
                              deal: null,
                              _links: links,
                          },
                      ]),
                  }
                : undefined
        );
        expect(await connectConversation(http, target, 5550002, TEST_SETTINGS)).toEqual({
            kind: 'already-here',
            conversationId: 5550002,
        });
        expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
    });

    it('refuses an ID connected to another object and names it, with its link', async () => {
        const { http, requests } = createFakeHttp(({ url }) => {
            if (url === LOOKUP_URL) {
                return {
                    body: listBody([
                        {
                            _id: 5,
                            conversationid: 5550002,
                            helpdesk: null,
                            deal: 1013,
                            _links: links,
                        },
                    ]),
                };
            }
            if (url === 'api/v1/limeobject/deal/1013/') {
                return { body: { _id: 1013, _descriptive: 'Acme printer service contract' } };
            }
            return undefined;
        });
        expect(await connectConversation(http, target, 5550002, TEST_SETTINGS)).toEqual({
            kind: 'elsewhere',
            conversationId: 5550002,
            owner: {
                limetype: 'deal',
                id: 1013,
                name: 'Acme printer service contract',
                url: '/lime/client/object/deal/1013',
            },
        });
        expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
    });

    it('still names the other object by limetype and id when the user may not read it', async () => {
        const { http } = createFakeHttp(({ url }) => {
            if (url === LOOKUP_URL) {
                return {
                    body: listBody([
                        { _id: 5, conversationid: 5550002, helpdesk: 1020, _links: links },
                    ]),
                };
            }
            return { error: createHttpResponseError(403) };
        });
        expect(await connectConversation(http, target, 5550002, TEST_SETTINGS)).toEqual({
            kind: 'elsewhere',
            conversationId: 5550002,
            owner: { limetype: 'helpdesk', id: 1020, url: '/lime/client/object/helpdesk/1020' },
        });
    });

    it('refuses an ID registered without any object', async () => {
        const { http, requests } = createFakeHttp(({ url }) =>
            url === LOOKUP_URL
                ? {
                      body: listBody([
                          {
                              _id: 5,
                              conversationid: 5550002,
                              helpdesk: null,
                              deal: null,
                              _links: links,
                          },
                      ]),
                  }
                : undefined
        );
        expect(await connectConversation(http, target, 5550002, TEST_SETTINGS)).toEqual({
            kind: 'registered-without-owner',
            conversationId: 5550002,
        });
        expect(requests).toHaveLength(1);
    });

    it('propagates a failed create', async () => {
        const { http } = createFakeHttp(({ method }) =>
            method === 'GET'
                ? { body: listBody([]) }
                : {
                      error: createHttpResponseError(400, {
                          message: 'Unknown property "helpdesk"',
                      }),
                  }
        );
        await expect(
            connectConversation(http, target, 5550002, TEST_SETTINGS)
        ).rejects.toMatchObject({
            status: 400,
        });
    });
});

describe('connectConversation with a configured conversationRelation', () => {
    const settings = { ...TEST_SETTINGS, conversationRelation: 'ticket' };
    const ticketLinks = {
        self: { href: 'x' },
        relation_ticket: { href: 'x', name: 'ticket' },
        relation_deal: { href: 'x', name: 'deal' },
    };

    it('writes the configured belongsto, not the limetype, when creating the record', async () => {
        const { http, requests } = createFakeHttp(({ method }) =>
            method === 'GET'
                ? { body: listBody([]) }
                : { body: { _id: 2001, conversationid: 5550002, ticket: 1009 } }
        );
        const result = await connectConversation(http, target, 5550002, settings);
        expect(requests[1]?.data).toEqual({
            conversationid: 5550002,
            ticket: 1009,
            link: '',
            contactid: '',
        });
        expect(result.kind).toBe('connected');
    });

    it('finds an ID connected to this object through the configured belongsto', async () => {
        const { http } = createFakeHttp(({ url }) =>
            url === LOOKUP_URL
                ? {
                      body: listBody([
                          { _id: 5, conversationid: 5550002, ticket: 1009, _links: ticketLinks },
                      ]),
                  }
                : undefined
        );
        expect(await connectConversation(http, target, 5550002, settings)).toEqual({
            kind: 'already-here',
            conversationId: 5550002,
        });
    });

    it("names another object behind the configured belongsto with the object's limetype", async () => {
        const { http } = createFakeHttp(({ url }) => {
            if (url === LOOKUP_URL) {
                return {
                    body: listBody([
                        { _id: 5, conversationid: 5550002, ticket: 1020, _links: ticketLinks },
                    ]),
                };
            }
            if (url === 'api/v1/limeobject/helpdesk/1020/') {
                return { body: { _id: 1020, _descriptive: 'Paper jam' } };
            }
            return undefined;
        });
        expect(await connectConversation(http, target, 5550002, settings)).toEqual({
            kind: 'elsewhere',
            conversationId: 5550002,
            owner: {
                limetype: 'helpdesk',
                id: 1020,
                name: 'Paper jam',
                url: '/lime/client/object/helpdesk/1020',
            },
        });
    });

    it('reads a belongsto named like another limetype as that limetype', async () => {
        const { http } = createFakeHttp(({ url }) =>
            url === LOOKUP_URL
                ? {
                      body: listBody([
                          { _id: 5, conversationid: 5550002, ticket: null, deal: 1013 },
                      ]),
                  }
                : { error: createHttpResponseError(403) }
        );
        expect(await connectConversation(http, target, 5550002, settings)).toEqual({
            kind: 'elsewhere',
            conversationId: 5550002,
            owner: { limetype: 'deal', id: 1013, url: '/lime/client/object/deal/1013' },
        });
    });
});

describe('findOwners', () => {
    it('reads belongsto values named by _links.relation_*', () => {
        expect(
            findOwners({ _id: 1, conversationid: 9, helpdesk: 4, deal: null, _links: links })
        ).toEqual([{ relation: 'helpdesk', id: 4 }]);
    });

    it('falls back to integer properties other than conversationid without _links', () => {
        expect(findOwners({ _id: 1, conversationid: 9, contactid: '3', deal: 8 })).toEqual([
            { relation: 'deal', id: 8 },
        ]);
    });
});
