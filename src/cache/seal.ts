import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Cache values are sealed (AES-256-GCM) under a key derived from CACHE_KEY_SECRET, the entry's
 * storage key and the thread's generations: a Redis dump holds no readable conversation, an
 * entry cannot be moved to another key (or token), and once a thread's generation is replaced or
 * deleted (invalidateThread / purgeThread) every entry sealed under it is unreadable, wherever
 * it still sits until its TTL ends (crypto-shredding).
 */
export class Sealer {
  private readonly secret: string;

  constructor(secret: string) {
    this.secret = secret;
  }

  seal(context: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(context), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  }

  /** undefined when `sealed` was not sealed under `context` (other generation, tampered, garbage). */
  open(context: string, sealed: string): string | undefined {
    const [iv, tag, body] = sealed.split('.');
    if (iv === undefined || tag === undefined || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.keyFor(context),
        Buffer.from(iv, 'base64'),
      );
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private keyFor(context: string): Buffer {
    return createHmac('sha256', this.secret).update('cache-value\u0000').update(context).digest();
  }
}
