import { describe, expect, it } from "vitest";
import { jsonArrayParameter, JsonArrayParameter } from "../../../app/infra/db/json-parameter";

const text = (bytes: Uint8Array, from = 0) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8", from);

describe("JSON array parameters (binary format)", () => {
  const elements = [[1, "a"], { title: "Алия", emoji: "😀", quote: '"\\' }, null, "€".repeat(50_000)];

  it("are the JSON text of the array, after jsonb's version byte", () => {
    const json = jsonArrayParameter("json", elements);
    expect(JSON.parse(text(json))).toEqual(elements);
    const jsonb = jsonArrayParameter("jsonb", elements);
    expect(jsonb[0]).toBe(1);
    expect(JSON.parse(text(jsonb, 1))).toEqual(elements);
    expect(text(jsonArrayParameter("json", []))).toBe("[]");
  });

  it("write into the memory given, and grow out of it when it is too small", () => {
    const memory = new ArrayBuffer(1 << 20);
    const roomy = jsonArrayParameter("json", [[1, 2]], memory);
    expect(roomy.buffer).toBe(memory);
    expect(text(roomy)).toBe("[[1,2]]");
    const tiny = new ArrayBuffer(4);
    const grown = jsonArrayParameter("json", elements, tiny);
    expect(grown.buffer).not.toBe(tiny);
    expect(JSON.parse(text(grown))).toEqual(elements);
    // Multi-byte characters need up to 3 bytes per UTF-16 code unit: never truncated at the end of the memory.
    for (let size = 1; size < 40; size++) {
      const parameter = new JsonArrayParameter("jsonb", new ArrayBuffer(size));
      parameter.push("ЖЖЖ€€😀");
      expect(JSON.parse(text(parameter.finish(), 1))).toEqual(["ЖЖЖ€€😀"]);
    }
  });

  it("refuse an element JSON cannot hold", () => {
    expect(() => jsonArrayParameter("json", [undefined])).toThrow(/undefined/);
  });
});
