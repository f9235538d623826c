import type { z } from "zod";
import { AppError } from "./errors";

/** Parses request input with zod; a failure becomes a 400 naming every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw AppError.validation(
    result.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message })),
  );
}
