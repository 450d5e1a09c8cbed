/** An answer in Nuvatra's error shape, `{ "error": { "code", "message" } }`, for failures outside the handler. */
export function toErrorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Reports an error the handler threw; the client only ever sees a generic INTERNAL answer. */
export function reportHandlerError(error: unknown): void {
  console.error('[nuvatra] the handler threw; answered 500 INTERNAL.', error);
}
