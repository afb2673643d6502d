import crypto from 'node:crypto';

// Device secrets are hashed as mosquitto's password file hashes them (PBKDF2-SHA512, 12-byte
// salt, `$7$<iterations>$<salt>$<hash>` in base64): the embedded broker verifies them here, and
// an external mosquitto can take the registry's hashes as its password_file unchanged. A device
// secret is generated (32 random bytes), so a hash this cheap is safe and lets thousands of
// devices reconnect at once without queueing on argon2.
const ITERATIONS = 101;

export function hashDeviceSecret(secret: string, salt: Buffer = crypto.randomBytes(12)): string {
  const hash = crypto.pbkdf2Sync(secret, salt, ITERATIONS, 64, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyDeviceSecret(stored: string, secret: string): boolean {
  const [, alg, iterations, salt, hash] = stored.split('$');
  const n = Number(iterations);
  if (alg !== '7' || !Number.isInteger(n) || n < 1 || n > 1_000_000 || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = crypto.pbkdf2Sync(secret, Buffer.from(salt, 'base64'), n, want.length, 'sha512');
  return want.length > 0 && crypto.timingSafeEqual(want, got);
}

export const generateDeviceSecret = (): string => `gcd_${crypto.randomBytes(32).toString('base64url')}`;
