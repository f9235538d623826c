import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../logger";
import { AppError } from "../errors";

export function notFound(): RequestHandler {
  return (req, _res, next) => next(new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`));
}

/** The one place errors become HTTP answers: `{ error: { code, message, fields? } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      logger.error({ err: serializeError(error), method: req.method, path: req.path }, "request failed");
    }
    if (res.headersSent) return;
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.status >= 500 ? "Internal server error" : appError.message,
        ...(appError.details.fields ? { fields: appError.details.fields } : {}),
      },
    });
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const bodyParserError = error as { type?: string; status?: number; message?: string };
  switch (bodyParserError.type) {
    case "entity.parse.failed":
      return new AppError("BAD_REQUEST", `Malformed JSON body: ${bodyParserError.message}`);
    case "entity.too.large":
      return new AppError("PAYLOAD_TOO_LARGE", "Request body is too large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new AppError("UNSUPPORTED_MEDIA_TYPE", bodyParserError.message ?? "Unsupported encoding");
  }
  if (typeof bodyParserError.status === "number" && bodyParserError.status >= 400 && bodyParserError.status < 500) {
    return new AppError("BAD_REQUEST", bodyParserError.message ?? "Bad request");
  }
  return new AppError("INTERNAL", "Internal server error", { cause: error });
}

function serializeError(error: unknown): { name?: string; message?: string; stack?: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
