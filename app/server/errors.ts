/** Every error the HTTP layer may answer with, and its status: one table, one error handler. */
export const APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SHOPIFY_USER_ERROR: 422,
  SHOPIFY_UNAVAILABLE: 502,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; cause?: unknown } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = APP_ERROR_STATUS[code];
  }

  static validation(fields: FieldProblem[]): AppError {
    const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
    return new AppError("VALIDATION_FAILED", `Invalid input: ${summary}`, { fields });
  }
}
