/**
 * A minimal self-signed X.509 v3 certificate (RSA, sha256WithRSAEncryption), DER-encoded by hand
 * because node:crypto can parse certificates but not issue them. Enough for x5u/x5c attack tokens.
 */
import { type KeyObject, randomBytes, sign } from 'node:crypto';

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...derLength(body.length)]), body]));
}

const sequence = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);

function integer(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  const positive = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, positive);
}

function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

function utcTime(d: Date): Uint8Array {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${s}Z`, 'ascii'));
}

function name(commonName: string): Uint8Array {
  return sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), new Uint8Array([0x05, 0x00]));

export interface CertificateOptions {
  commonName?: string;
  now?: Date;
}

/** DER bytes of a self-signed certificate for an RSA key pair. */
export function selfSignedRsaCertificate(
  publicKey: KeyObject,
  privateKey: KeyObject,
  options: CertificateOptions = {},
): Uint8Array {
  const now = options.now ?? new Date();
  const cn = options.commonName ?? 'apiward';
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    tlv(0xa0, integer(Uint8Array.of(2))),
    integer(serial),
    SHA256_WITH_RSA,
    name(cn),
    sequence(
      utcTime(new Date(now.getTime() - 86_400_000)),
      utcTime(new Date(now.getTime() + 365 * 86_400_000)),
    ),
    name(cn),
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
  );
  const signature = sign('sha256', tbs, privateKey);
  return sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Uint8Array.of(0), signature));
}

export function certificateToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
