import { useCallback, useEffect, useState } from "react";
import { apiRequest } from "./api-client";

export type ApiState<T> =
  | { status: "loading" }
  | { status: "error"; error: Error; retry: () => void }
  | { status: "ready"; data: T; reload: () => void };

/** Loads a GET endpoint with loading / error (with retry) / ready states. */
export function useApi<T>(path: string): ApiState<T> {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T }>({
    status: "loading",
  });
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  useEffect(() => {
    let cancelled = false;
    setState({ status: "loading" });
    apiRequest<T>(path).then(
      (data) => !cancelled && setState({ status: "ready", data }),
      (error: Error) => !cancelled && setState({ status: "error", error }),
    );
    return () => {
      cancelled = true;
    };
  }, [path, attempt]);
  if (state.status === "error") return { ...state, retry: reload };
  if (state.status === "ready") return { ...state, reload };
  return state;
}
