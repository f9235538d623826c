/**
 * Deterministic pseudo-random numbers for the pure domain layer.
 *
 * Domain code never calls Math.random: anything random takes a RandomSource so
 * that demo data, simulations and tests are reproducible from a seed.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG): 128
 * bits of state, passes PractRand/BigCrush, and is a handful of 32-bit integer
 * ops per draw, so it is fast in V8. The 32-bit seed is expanded into the
 * 128-bit state with splitmix32 so that nearby seeds (1, 2, 3…) give
 * unrelated streams.
 */

/** Anything that yields uniform floats in [0, 1). */
export interface RandomSource {
  next(): number;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: a good 32-bit mixer, used only to derive the sfc32 state. */
function splitmix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Creates an sfc32 generator from a 32-bit integer seed (other numbers are truncated to 32 bits). */
export function createSeededRandom(seed: number): RandomSource {
  const mixer = { value: seed | 0 };
  let a = splitmix32(mixer);
  let b = splitmix32(mixer);
  let c = splitmix32(mixer);
  let d = 1; // sfc32's counter conventionally starts at 1.

  function nextUint32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }

  // Discard the first outputs: sfc32 recommends a short warm-up so the
  // counter has diffused into the whole state.
  for (let i = 0; i < 12; i++) nextUint32();

  return {
    next: () => nextUint32() / TWO_POW_32,
  };
}

/**
 * Derives an independent child seed, so sub-generators (e.g. one for names,
 * one for purchase timing) do not shift each other's streams when one of them
 * changes how many numbers it draws.
 */
export function deriveSeed(seed: number, stream: number): number {
  const mixer = { value: (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0 };
  return splitmix32(mixer) | 0;
}
