// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import {
    AuthorityKeyIdentifierExtension,
    BasicConstraintsExtension,
    ExtendedKeyUsage,
    ExtendedKeyUsageExtension,
    KeyUsageFlags,
    KeyUsagesExtension,
    PemConverter,
    SubjectAlternativeNameExtension,
    SubjectKeyIdentifierExtension,
    X509CertificateGenerator,
} from '@peculiar/x509';

/** A certificate authority of its own and a server certificate it issued, PEM-encoded. */
export interface TestCertificates {
    /** The authority's certificate: what a client must trust (e.g. through NODE_EXTRA_CA_CERTS). */
    caPem: string;
    /** The server's certificate for the host names, issued by the authority. */
    certPem: string;
    /** The server's private key (PKCS #8). */
    keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * Makes a throw-away certificate authority and a server certificate for `hostNames`, valid for a day, at
 * test time: nothing secret is committed, and each run has its own keys. For a stand-in HTTPS server that
 * a process trusts only through its own CA, as an operator's smoke test would.
 */
export async function createTestCertificates(hostNames: string[]): Promise<TestCertificates> {
    const crypto = webcrypto;
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = new Date(Date.now() + 24 * 3_600_000);
    const generate = () =>
        crypto.subtle.generateKey(ALGORITHM, true, [
            'sign',
            'verify',
        ]) as Promise<webcrypto.CryptoKeyPair>;
    const caKeys = await generate();
    const ca = await X509CertificateGenerator.createSelfSigned(
        {
            name: 'CN=Userlike-Lime relay test CA',
            keys: caKeys,
            notBefore,
            notAfter,
            signingAlgorithm: ALGORITHM,
            extensions: [
                new BasicConstraintsExtension(true, 0, true),
                new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
                await SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
            ],
        },
        crypto
    );
    const serverKeys = await generate();
    const cert = await X509CertificateGenerator.create(
        {
            subject: `CN=${hostNames[0]}`,
            issuer: ca.subject,
            publicKey: serverKeys.publicKey,
            signingKey: caKeys.privateKey,
            notBefore,
            notAfter,
            signingAlgorithm: ALGORITHM,
            extensions: [
                new BasicConstraintsExtension(false, undefined, true),
                new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
                new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
                new SubjectAlternativeNameExtension(
                    hostNames.map((value) => ({ type: 'dns' as const, value }))
                ),
                await AuthorityKeyIdentifierExtension.create(ca, false, crypto),
            ],
        },
        crypto
    );
    const key = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
    return {
        caPem: ca.toString('pem'),
        certPem: cert.toString('pem'),
        keyPem: PemConverter.encode(key, 'PRIVATE KEY'),
    };
}
