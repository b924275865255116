import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software authenticator for tests: ES256 keys made with node:crypto, "none" attestation, and
 * assertions built byte by byte as the WebAuthn spec lays them out, so the server's verification is
 * exercised for real. Each option can be spoiled to build the forgeries a test must see refused.
 */

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const uint32 = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

interface StoredKey {
  privateKey: KeyObject;
  counter: number;
  userHandle: string;
}

export interface AssertOptions {
  /** Which of this authenticator's credentials signs; default the first allowed one it holds. */
  credentialId?: string;
  /** Presented as this id instead (a credential the signer does not hold). */
  presentAs?: string;
  origin?: string;
  challenge?: string;
  /** The counter to report instead of the next one. */
  counter?: number;
  /** Flip a bit of the signature. */
  badSignature?: boolean;
  /** Sign with a fresh key instead of the credential's. */
  wrongKey?: boolean;
}

export class SoftAuthenticator {
  readonly keys = new Map<string, StoredKey>();

  constructor(
    readonly origin: string,
    readonly rpId: string,
  ) {}

  /** Answers `navigator.credentials.create()` with these options. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    spoil: { origin?: string; challenge?: string; rpId?: string } = {},
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const credentialId = randomBytes(32);
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      sha256(spoil.rpId ?? this.rpId),
      Buffer.from([FLAG_UP | FLAG_UV | FLAG_AT]),
      uint32(0),
      Buffer.alloc(16), // AAGUID: none
      credentialIdLength,
      credentialId,
      Buffer.from(isoCBOR.encode(coseKey)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = JSON.stringify({
      type: 'webauthn.create',
      challenge: spoil.challenge ?? options.challenge,
      origin: spoil.origin ?? this.origin,
      crossOrigin: false,
    });
    const id = b64url(credentialId);
    this.keys.set(id, { privateKey, counter: 0, userHandle: options.user.id });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(Buffer.from(clientDataJSON)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers `navigator.credentials.get()` with these options. */
  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    spoil: AssertOptions = {},
  ): AuthenticationResponseJSON {
    const id =
      spoil.credentialId ??
      options.allowCredentials?.map((c) => c.id).find((candidate) => this.keys.has(candidate)) ??
      [...this.keys.keys()][0];
    const key = this.keys.get(id);
    if (!key) throw new Error(`SoftAuthenticator: no credential ${id}`);
    key.counter += 1;
    const authData = Buffer.concat([
      sha256(this.rpId),
      Buffer.from([FLAG_UP | FLAG_UV]),
      uint32(spoil.counter ?? key.counter),
    ]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: spoil.challenge ?? options.challenge,
        origin: spoil.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
    const signer = spoil.wrongKey
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : key.privateKey;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), signer);
    if (spoil.badSignature) signature[signature.length - 1] ^= 0x01;
    const presented = spoil.presentAs ?? id;
    return {
      id: presented,
      rawId: presented,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: key.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
