/**
 * Fetch wrapper for /api. In embedded mode App Bridge adds the session token to same-origin fetches itself,
 * so the same code runs in both modes.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function apiRequest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error ?? {};
    throw new ApiError(response.status, error.code ?? "UNKNOWN", error.message ?? response.statusText, error.fields);
  }
  return body as T;
}

/**
 * Downloads a file from /api through fetch (in embedded mode only fetch carries the session token) and hands it
 * to the browser as a download. The server streams; the browser holds the file until it is saved. The file is
 * named as the server's Content-Disposition says (it knows the shop, the day and the filters); `fallbackName`
 * only when it says nothing.
 */
export async function apiDownload(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(`/api${path}`);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body?.error?.code ?? "UNKNOWN", body?.error?.message ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = attachmentName(response.headers.get("Content-Disposition")) ?? fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The filename of `attachment; filename="name.csv"`, or null. */
export function attachmentName(header: string | null): string | null {
  const match = /filename="([^"]+)"/.exec(header ?? "");
  return match ? match[1] : null;
}
