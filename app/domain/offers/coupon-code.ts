/**
 * Coupon codes: 12 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L), so a shopper
 * can read one aloud or retype it. 12 × log2(31) ≈ 59 bits of entropy from the injected random source:
 * unguessable, and collisions within a shop are negligible (the database's unique index catches the rest).
 */
export const COUPON_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const COUPON_CODE_LENGTH = 12;

/** A cryptographically secure source of random bytes (node:crypto's randomBytes in production). */
export type RandomBytes = (length: number) => Uint8Array;

export function generateCouponCode(randomBytes: RandomBytes, length = COUPON_CODE_LENGTH): string {
  if (length < 10) throw new RangeError("coupon codes have at least 10 characters");
  const alphabetSize = COUPON_ALPHABET.length;
  // Rejection sampling keeps every letter equally likely whatever the alphabet size.
  const limit = 256 - (256 % alphabetSize);
  let code = "";
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      code += COUPON_ALPHABET[byte % alphabetSize];
      if (code.length === length) break;
    }
  }
  return code;
}

/** Shopify matches codes case-insensitively; Encore stores and compares them upper-cased. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}
