/**
 * Seeded uniform random numbers and the few distributions the simulators
 * need. Nothing in app/domain calls Math.random: callers inject a generator.
 */

/** Returns a uniform number in [0, 1). */
export type UniformRandom = () => number;

/** sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG), seeded from one 32-bit integer via splitmix32. */
export function seededRandom(seed: number): UniformRandom {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  // 53 random bits from two outputs.
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

export function sampleStandardNormal(random: UniformRandom): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function sampleGamma(shape: number, rate: number, random: UniformRandom): number {
  if (shape < 1) {
    const u = 1 - random();
    return sampleGamma(shape + 1, rate, random) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = sampleStandardNormal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(a: number, b: number, random: UniformRandom): number {
  const x = sampleGamma(a, 1, random);
  const y = sampleGamma(b, 1, random);
  return x / (x + y);
}

export function sampleExponential(rate: number, random: UniformRandom): number {
  return -Math.log(1 - random()) / rate;
}
