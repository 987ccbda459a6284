import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction, type TcpNetConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface MediaAgentOptions {
    /** Addresses allowed although internal (TESTS ONLY: MediaPolicy.testOverride). */
    allowAddresses: string[];
    /** DNS lookup used to connect (tests map host names to addresses). */
    lookup?: LookupFunction;
    /** Host name → the only address a connection to it goes to (the `media.resolve` setting). */
    resolve?: Readonly<Record<string, string>>;
}

type ConnectionListener = (error: Error | null, socket: Duplex) => void;
// The casts below: Node's own agents create their sockets synchronously (net.connect, tls.connect); the
// typings allow for custom agents that do not.

/**
 * The http and https agents of one media download. Every connection's address is checked when it is made
 * (request-filtering-agent: no loopback, private, link-local or otherwise internal address, whatever DNS
 * says, on every redirect too), except a connection to a host named in `resolve`: that one goes to its
 * configured address, and only there, without asking DNS (an operator's smoke test against a stand-in
 * media server, `media.resolve`). TLS still verifies the certificate against the host name.
 */
export function createMediaAgents(options: MediaAgentOptions): {
    httpAgent: HttpAgent;
    httpsAgent: HttpsAgent;
} {
    const pinned = new Map(
        Object.entries(options.resolve ?? {}).map(([host, address]) => [
            normaliseHost(host),
            address,
        ])
    );
    const agentOptions = {
        allowIPAddressList: options.allowAddresses,
        ...(options.lookup ? { lookup: options.lookup } : {}),
    };
    const pinnedConnection = (connect: TcpNetConnectOpts): TcpNetConnectOpts | undefined => {
        const address =
            typeof connect.host === 'string' ? pinned.get(normaliseHost(connect.host)) : undefined;
        return address === undefined ? undefined : { ...connect, lookup: lookupOnly(address) };
    };

    class MediaHttpAgent extends RequestFilteringHttpAgent {
        override createConnection(connect: TcpNetConnectOpts, listener?: ConnectionListener) {
            const pinnedTo = pinnedConnection(connect);
            return pinnedTo
                ? (HttpAgent.prototype.createConnection.call(this, pinnedTo, listener) as Duplex)
                : super.createConnection(connect, listener);
        }
    }
    class MediaHttpsAgent extends RequestFilteringHttpsAgent {
        override createConnection(connect: TcpNetConnectOpts, listener?: ConnectionListener) {
            const pinnedTo = pinnedConnection(connect);
            return pinnedTo
                ? (HttpsAgent.prototype.createConnection.call(this, pinnedTo, listener) as Duplex)
                : super.createConnection(connect, listener);
        }
    }
    return {
        httpAgent: new MediaHttpAgent(agentOptions),
        httpsAgent: new MediaHttpsAgent(agentOptions),
    };
}

function normaliseHost(host: string): string {
    return host.toLowerCase().replace(/\.$/, '');
}

/** A DNS lookup that answers every name with this one address. */
function lookupOnly(address: string): LookupFunction {
    const family = isIP(address);
    return ((
        _hostname: string,
        lookupOptions: { all?: boolean } | undefined,
        callback: (...args: unknown[]) => void
    ) => {
        if (lookupOptions?.all) callback(null, [{ address, family }]);
        else callback(null, address, family);
    }) as unknown as LookupFunction;
}
